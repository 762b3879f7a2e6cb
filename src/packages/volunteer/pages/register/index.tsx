import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { PrivacyPrompt } from '../../../../components/PrivacyPrompt'
import { SwitchCard } from '../../../../components/SwitchCard'
import { TextField } from '../../../../components/TextField'
import { useCreateForm } from '../../../../hooks/useCreateForm'

/** 登记为志愿者; 在职党员 also give their unit and branch (双报到), which the community confirms. */
export default function RegisterVolunteerPage() {
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [skills, setSkills] = useState('')
  const [availability, setAvailability] = useState('')
  const [party, setParty] = useState(false)
  const [workUnit, setWorkUnit] = useState('')
  const [branch, setBranch] = useState('')
  const { saving, errors, create } = useCreateForm()

  async function submit() {
    const done = await create(() =>
      call('volunteer.register', {
        name,
        phone,
        skills: skills
          .split(/[,，、\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        availability,
        party: party ? { workUnit, branch } : undefined,
      }),
    )
    if (done) {
      // A party member's registration waits for the community: said in a modal, which has room for
      // it (a toast with an icon shows 7 characters).
      if (party)
        await Taro.showModal({
          title: '已登记',
          content: '志愿者登记已生效；在职党员双报到待社区确认，进度见“我的志愿服务”。',
          showCancel: false,
        })
      else await Taro.showToast({ title: '登记成功', icon: 'success' })
      Taro.navigateBack()
    }
  }

  const field = (
    label: string,
    value: string,
    set: (v: string) => void,
    key: string,
    placeholder: string,
  ) => (
    <TextField
      label={label}
      value={value}
      onInput={set}
      placeholder={placeholder}
      error={errors[key]}
      testId={`volunteer-${key}`}
    />
  )

  return (
    <Page>
      <PrivacyPrompt purpose="登记志愿者" />
      {field('姓名', name, setName, 'name', '真实姓名，用于服务证明')}
      {field('手机号', phone, setPhone, 'phone', '只有许愿居民和网格员能看到（中间四位隐藏）')}
      {field('特长（选填）', skills, setSkills, 'skills', '例如：水电维修、作业辅导，用顿号隔开')}
      {field('可服务时间（选填）', availability, setAvailability, 'availability', '例如：周末全天')}
      <SwitchCard
        title="我是在职党员（双报到）"
        hint="登记后由社区确认，每月至少参加一次服务"
        checked={party}
        onChange={setParty}
        testId="party-switch"
      />
      {party ? (
        <>
          {field('工作单位', workUnit, setWorkUnit, 'party.workUnit', '例如：市自来水公司')}
          {field('所在党支部', branch, setBranch, 'party.branch', '例如：第三党支部')}
        </>
      ) : null}
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}
      <BigButton loading={saving} onClick={submit}>
        提交登记
      </BigButton>
    </Page>
  )
}
