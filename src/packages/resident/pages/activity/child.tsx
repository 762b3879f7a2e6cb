import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { PrivacyPrompt } from '../../../../components/PrivacyPrompt'
import { TextField } from '../../../../components/TextField'
import { CHILD_MAX_AGE, CHILD_MIN_AGE, GRADES } from '../../../../domain/activity'
import { useCreateForm } from '../../../../hooks/useCreateForm'

/**
 * 登记孩子 (四点半课堂): once per child, with who may collect them. The organiser hands the child
 * only to someone on this list, so it is asked here, not at the door.
 */
export default function RegisterChildPage() {
  const [name, setName] = useState('')
  const [age, setAge] = useState('')
  const [grade, setGrade] = useState<string>('')
  const [allergies, setAllergies] = useState('')
  const [notes, setNotes] = useState('')
  const [me, setMe] = useState({ name: '', relation: '', phone: '' })
  const [other, setOther] = useState({ name: '', relation: '', phone: '' })
  const { saving, errors, create } = useCreateForm()

  async function submit() {
    const done = await create((requestId) =>
      call('child.register', {
        requestId,
        name,
        age: Number(age),
        grade: grade as (typeof GRADES)[number],
        allergies,
        notes,
        guardian: me,
        others: other.name || other.phone ? [other] : [],
      }),
    )
    if (done) {
      await Taro.showToast({ title: '登记成功', icon: 'success' })
      Taro.navigateBack()
    }
  }

  return (
    <Page>
      <PrivacyPrompt purpose="登记孩子和接送人" />
      <Text className="muted">
        四点半课堂面向{CHILD_MIN_AGE}至{CHILD_MAX_AGE}岁的小学生。孩子只交给下面登记的接送人。
      </Text>
      <TextField label="孩子姓名" value={name} onInput={setName} error={errors.name} testId="child-name" />
      <TextField
        label="年龄"
        type="number"
        value={age}
        onInput={setAge}
        placeholder={`${CHILD_MIN_AGE}–${CHILD_MAX_AGE}岁`}
        error={errors.age}
        testId="child-age"
      />
      <Text className="section-title">年级</Text>
      <View className="chips" data-testid="child-grade">
        {GRADES.map((g) => (
          <View key={g} className={`chip ${grade === g ? 'chip-on' : ''}`} onClick={() => setGrade(g)}>
            {g}
          </View>
        ))}
      </View>
      {errors.grade ? <Text className="field-error">{errors.grade}</Text> : null}
      <TextField
        label="过敏情况（选填）"
        value={allergies}
        onInput={setAllergies}
        placeholder="例如：花生、芒果"
        error={errors.allergies}
      />
      <TextField label="其他需要老师知道的（选填）" value={notes} onInput={setNotes} error={errors.notes} />
      <Text className="section-title">我（监护人）</Text>
      <TextField
        label="姓名"
        value={me.name}
        onInput={(v) => setMe({ ...me, name: v })}
        error={errors['guardian.name']}
        testId="guardian-name"
      />
      <TextField
        label="与孩子的关系"
        value={me.relation}
        onInput={(v) => setMe({ ...me, relation: v })}
        placeholder="例如：母亲"
        error={errors['guardian.relation']}
        testId="guardian-relation"
      />
      <TextField
        label="手机号"
        type="number"
        value={me.phone}
        onInput={(v) => setMe({ ...me, phone: v })}
        error={errors['guardian.phone']}
        testId="guardian-phone"
      />
      <Text className="section-title">其他接送人（选填，如爷爷奶奶）</Text>
      <TextField label="姓名" value={other.name} onInput={(v) => setOther({ ...other, name: v })} />
      <TextField
        label="与孩子的关系"
        value={other.relation}
        onInput={(v) => setOther({ ...other, relation: v })}
        placeholder="例如：外公"
        error={errors['others.0.relation']}
      />
      <TextField
        label="手机号"
        type="number"
        value={other.phone}
        onInput={(v) => setOther({ ...other, phone: v })}
        error={errors['others.0.phone']}
      />
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}
      <BigButton loading={saving} onClick={submit} testId="child-submit">
        登记孩子
      </BigButton>
    </Page>
  )
}
