import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { SwitchCard } from '../../../../components/SwitchCard'
import { TextField } from '../../../../components/TextField'
import { MOBILE_DIGITS, NAME_MAX_CHARS, ROOM_MAX_CHARS } from '../../../../domain/contact'
import type { ActionOutput } from '../../../../domain/contract'
import {
  CONSENT_BY,
  HOUSEHOLD_KINDS,
  HOUSEHOLD_KIND_CODES,
  type HouseholdKind,
} from '../../../../domain/fieldlog-kinds'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'

type Household = ActionOutput<'household.list'>['households'][number]
type ConsentBy = (typeof CONSENT_BY)[number]

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`

/**
 * One household: where, who, the 六清楚 kind only if consented, the visit standing. The phone is
 * masked; 查看电话 asks the server for the whole number, which logs who saw it.
 */
function HouseholdRow({ h }: { h: Household }) {
  const [whole, setWhole] = useState<string>()
  const [busy, perform] = useAction()
  const reveal = () =>
    perform(() => call('person.reveal', { kind: 'household', id: h.id })).then((p) => {
      if (p) setWhole(p.phone)
    })
  return (
    <View className="card" data-testid="household">
      <Text className="card-title">
        {h.buildingName} {h.room}
      </Text>
      <Text className="list-item-desc" data-testid="household-contact">
        {h.contactName} · 电话：{whole ?? h.contactPhone ?? '未留'}
      </Text>
      {h.kindName ? (
        <Text className="tag tag-assigned tag-line">
          {h.kindName}（{h.consentBy}同意登记）
        </Text>
      ) : null}
      <Text className={h.standing.due ? 'deadline' : 'muted'} style={{ display: 'block' }}>
        {h.standing.text}
        {h.lastVisitDay ? ` · 上次走访：${md(h.lastVisitDay)}` : ''}
      </Text>
      {whole ? (
        <BigButton kind="default" onClick={() => void Taro.makePhoneCall({ phoneNumber: whole })}>
          拨打电话
        </BigButton>
      ) : h.contactPhone ? (
        <BigButton kind="default" loading={busy} onClick={() => void reveal()} testId="reveal-household">
          查看电话
        </BigButton>
      ) : null}
    </View>
  )
}

/**
 * 住户名单: the households of the grids this worker serves (due visits first) and 登记住户 — building,
 * room, one contact; what kind of household (六清楚) only when the household agreed to it being
 * recorded, and who agreed.
 */
export default function HouseholdsPage() {
  const list = useApi(() => call('household.list', {}))
  const served = useApi(() => call('building.listServed', {}))
  const [building, setBuilding] = useState<string>()
  const [room, setRoom] = useState('')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [consented, setConsented] = useState(false)
  const [consentBy, setConsentBy] = useState<ConsentBy>()
  const [kind, setKind] = useState<HouseholdKind>()
  const { saving, errors, setErrors, create, edit } = useCreateForm()

  async function submit() {
    const local: Record<string, string> = {}
    if (!building) local.buildingCode = '请选择楼栋'
    if (consented && !kind) local.kind = '请选择住户类别'
    if (consented && !consentBy) local.consent = '请选择由谁同意登记'
    setErrors(local)
    if (!building || Object.keys(local).length) return
    const added = await create((requestId) =>
      call('household.add', {
        requestId,
        buildingCode: building,
        room,
        contactName: name,
        contactPhone: phone.trim() || undefined,
        ...(consented && kind && consentBy ? { kind, consent: { by: consentBy, note: '' } } : {}),
      }),
    )
    if (!added) return
    setRoom('')
    setName('')
    setPhone('')
    setConsented(false)
    setConsentBy(undefined)
    setKind(undefined)
    void Taro.showToast({ title: '已登记', icon: 'success' })
    list.reload()
  }

  return (
    <Page>
      <StateView {...list} onRetry={list.reload}>
        {(d) => (
          <>
            <Text className="section-title" data-testid="households-title">
              共{d.households.length}户 · 每户每{d.intervalDays}个工作日走访一次
            </Text>
            {d.households.length === 0 ? <Text className="state-text">还没有登记住户</Text> : null}
            {d.households.map((h) => (
              <HouseholdRow key={h.id} h={h} />
            ))}
            <Text className="muted">
              电话中间四位隐藏；查看完整号码会被记录。住户类别须经本人或家属同意才登记。
            </Text>
          </>
        )}
      </StateView>

      <View className="card">
        <Text className="card-title">登记住户</Text>
        <StateView {...served} onRetry={served.reload}>
          {(s) => (
            <>
              <Text className="section-title">1. 哪栋楼</Text>
              <Chips
                options={s.buildings.map((b) => ({ value: b.code, label: b.name }))}
                value={building}
                onChange={edit('buildingCode', setBuilding)}
                chipTestId="hh-building-"
              />
              {errors.buildingCode ? <Text className="field-error">{errors.buildingCode}</Text> : null}
            </>
          )}
        </StateView>
        <TextField
          label="门牌号"
          title="2. 门牌号"
          placeholder="如：2单元301"
          maxlength={ROOM_MAX_CHARS}
          value={room}
          onInput={edit('room', setRoom)}
          error={errors.room}
          testId="hh-room"
        />
        <TextField
          label="联系人"
          title="3. 联系人"
          placeholder="如：赵奶奶"
          maxlength={NAME_MAX_CHARS}
          value={name}
          onInput={edit('contactName', setName)}
          error={errors.contactName}
          testId="hh-name"
        />
        <TextField
          label="联系电话（选填）"
          title="4. 联系电话（选填）"
          type="number"
          maxlength={MOBILE_DIGITS}
          value={phone}
          onInput={edit('contactPhone', setPhone)}
          error={errors.contactPhone}
          testId="hh-phone"
        />
        <SwitchCard
          title="登记住户类别（六清楚）"
          hint="须经本人或家属同意；不同意就不登记类别"
          checked={consented}
          onChange={edit('consent', setConsented)}
          testId="hh-consent"
        />
        {consented ? (
          <>
            <Text className="section-title">谁同意了登记</Text>
            <Chips
              options={CONSENT_BY.map((c) => ({ value: c, label: c }))}
              value={consentBy}
              onChange={edit('consent', setConsentBy)}
              chipTestId="hh-by-"
            />
            {errors.consent ? <Text className="field-error">{errors.consent}</Text> : null}
            <Text className="section-title">住户类别</Text>
            <Chips
              options={HOUSEHOLD_KIND_CODES.map((k) => ({ value: k, label: HOUSEHOLD_KINDS[k] }))}
              value={kind}
              onChange={edit('kind', setKind)}
              chipTestId="hh-kind-"
            />
            {errors.kind ? <Text className="field-error">{errors.kind}</Text> : null}
          </>
        ) : errors.consent ? (
          <Text className="field-error">{errors.consent}</Text>
        ) : null}
        {errors._ ? <Text className="field-error">{errors._}</Text> : null}
        <View className="page-actions">
          <BigButton loading={saving} onClick={() => void submit()} testId="hh-submit">
            登记住户
          </BigButton>
        </View>
      </View>
    </Page>
  )
}
