import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { uploadPhoto } from '../../../../api/upload'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import { SwitchCard } from '../../../../components/SwitchCard'
import { DateField, TimeField } from '../../../../components/PickerField'
import { TextField } from '../../../../components/TextField'
import {
  ACTIVITY_KIND_CODES,
  ACTIVITY_KINDS,
  AUDIENCES,
  type ActivityKind,
  type Audience,
} from '../../../../domain/activity'
import type { ActionInput } from '../../../../domain/contract'
import { local } from '../../../../domain/time'
import { useCreateForm } from '../../../../hooks/useCreateForm'
import { wallClock } from '../../../../clock'

type Role = ActionInput<'activity.create'>['roles'][number]

/** What each kind usually needs (the seeds): the admin only adjusts the numbers. */
const PRESETS: Record<ActivityKind, { title: string; time: string; minutes: number; roles: Role[] }> = {
  lecture: {
    title: '大讲堂',
    time: '09:30',
    minutes: 90,
    roles: [{ key: 'attendee', name: '听众', capacity: 60, audience: 'anyone' }],
  },
  afterSchool: {
    title: '四点半课堂',
    time: '16:30',
    minutes: 90,
    roles: [
      { key: 'tutor', name: '辅导志愿者', capacity: 2, audience: 'volunteer' },
      { key: 'child', name: '孩子', capacity: 20, audience: 'child' },
    ],
  },
  elderCare: {
    title: '暖心助老',
    time: '09:00',
    minutes: 120,
    roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
  },
  other: {
    title: '',
    time: '09:00',
    minutes: 120,
    roles: [{ key: 'volunteer', name: '志愿者', capacity: 10, audience: 'volunteer' }],
  },
}

const day = (offset: number) => local(wallClock()).add(offset, 'day').format('YYYY-MM-DD')

/** 发布活动: kind, what and where, one session or every working day in a range, seats per role. */
export default function NewActivityPage() {
  const [kind, setKind] = useState<ActivityKind>('afterSchool')
  const [title, setTitle] = useState(PRESETS.afterSchool.title)
  const [description, setDescription] = useState('')
  const [place, setPlace] = useState('')
  const [organiser, setOrganiser] = useState('')
  const [recurring, setRecurring] = useState(true)
  const [from, setFrom] = useState(day(1))
  const [to, setTo] = useState(day(30))
  const [time, setTime] = useState(PRESETS.afterSchool.time)
  const [minutes, setMinutes] = useState(String(PRESETS.afterSchool.minutes))
  const [roles, setRoles] = useState<Role[]>(PRESETS.afterSchool.roles)
  const [cover, setCover] = useState<string[]>([])
  const { saving, errors, create } = useCreateForm()

  const choose = (k: ActivityKind) => {
    setKind(k)
    setTitle(PRESETS[k].title)
    setTime(PRESETS[k].time)
    setMinutes(String(PRESETS[k].minutes))
    setRoles(PRESETS[k].roles)
    setRecurring(k === 'afterSchool' || k === 'elderCare')
  }

  async function submit() {
    const done = await create(async (requestId) =>
      call('activity.create', {
        requestId,
        kind,
        title,
        description,
        place,
        organiser,
        schedule: { from, ...(recurring ? { to } : {}), time, durationMinutes: Number(minutes) },
        roles,
        cover: await Promise.all(cover.slice(0, 1).map(uploadPhoto)),
      }),
    )
    if (done) {
      await Taro.showModal({ title: '已发布', content: `共安排 ${done.sessions} 场`, showCancel: false })
      Taro.redirectTo({ url: `/packages/resident/pages/activity/detail?id=${done.id}` })
    }
  }

  return (
    <Page>
      <Text className="section-title">活动类型</Text>
      <View className="chips" data-testid="activity-kind">
        {ACTIVITY_KIND_CODES.map((k) => (
          <View key={k} className={`chip ${kind === k ? 'chip-on' : ''}`} onClick={() => choose(k)}>
            {ACTIVITY_KINDS[k]}
          </View>
        ))}
      </View>
      <TextField
        label="活动名称"
        value={title}
        onInput={setTitle}
        error={errors.title}
        testId="activity-title"
      />
      <TextField
        label="活动介绍（选填）"
        value={description}
        onInput={setDescription}
        error={errors.description}
      />
      <TextField
        label="地点"
        value={place}
        onInput={setPlace}
        placeholder="例如：社区党群服务中心二楼"
        error={errors.place}
        testId="activity-place"
      />
      <Text className="section-title">封面照片（选填，一张）</Text>
      <PhotoPicker value={cover} onChange={(v) => setCover(v.slice(-1))} error={errors.cover} />
      <TextField
        label="组织者（选填）"
        value={organiser}
        onInput={setOrganiser}
        placeholder="例如：幸福里社区"
      />
      <SwitchCard
        title="每个工作日都有（如一个学期）"
        hint="按国家法定节假日和调休自动排开"
        checked={recurring}
        onChange={setRecurring}
        testId="activity-recurring"
      />
      <DateField
        label={recurring ? '开始日期' : '日期'}
        value={from}
        onChange={(v) => {
          setFrom(v)
          if (to < v) setTo(v)
        }}
        start={day(0)}
        error={errors['schedule.from']}
        testId="activity-from"
      />
      {recurring ? (
        <DateField
          label="结束日期"
          value={to}
          onChange={setTo}
          start={from}
          error={errors['schedule.to']}
          testId="activity-to"
        />
      ) : null}
      <TimeField
        label="开始时间"
        value={time}
        onChange={setTime}
        error={errors['schedule.time']}
        testId="activity-time"
      />
      <TextField
        label="时长（分钟）"
        type="number"
        value={minutes}
        onInput={setMinutes}
        error={errors['schedule.durationMinutes']}
      />
      <Text className="section-title">名额</Text>
      {roles.map((r, i) => (
        <View className="card" key={r.key}>
          <Text className="list-item-desc">
            {r.name} · 谁可以报名：{AUDIENCES[r.audience as Audience]}
          </Text>
          <TextField
            label="人数"
            type="number"
            value={String(r.capacity)}
            onInput={(v) => setRoles(roles.map((x, j) => (j === i ? { ...x, capacity: Number(v) || 0 } : x)))}
            error={errors[`roles.${i}.capacity`]}
            testId={`capacity-${r.key}`}
          />
        </View>
      ))}
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}
      <BigButton loading={saving} onClick={submit} testId="activity-submit">
        发布
      </BigButton>
    </Page>
  )
}
