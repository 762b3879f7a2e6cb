import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import { Chips } from '../../../components/Chips'
import { TextField } from '../../../components/TextField'
import type { RequestDetail } from '../../../domain/contract'
import {
  WISH_CATEGORIES,
  WISH_CATEGORY_CODES,
  WISH_WHAT_MAX,
  WISH_WHY_MAX,
  wishTextErrors,
  wishTextLength,
  type WishCategory,
} from '../../../domain/wish'
import { useCreateForm } from '../../../hooks/useCreateForm'

/**
 * 转志愿服务 (issue 19, src/domain/volunteer-work.ts): the request — or the part a neighbour can do —
 * as a 微心愿 on the wall, in the member's words (the resident's description to start from). Shown
 * on the wall without name, phone or address; the request waits for the volunteer's work.
 */
export function ToWishStep({
  request,
  onDone,
  onCancel,
}: {
  request: RequestDetail
  onDone: () => void
  onCancel: () => void
}) {
  const [category, setCategory] = useState<WishCategory>('visit')
  const [what, setWhat] = useState('')
  const [why, setWhy] = useState(request.description)
  const { saving, errors, setErrors, create, edit } = useCreateForm()

  async function submit() {
    const local = wishTextErrors(what, why)
    setErrors(local)
    if (Object.keys(local).length) return
    const wish = await create((requestId) =>
      call('request.toWish', { id: request.id, requestId, category, what, why }),
    )
    if (wish) {
      Taro.showToast({ title: '已转志愿服务', icon: 'success' })
      onDone()
    }
  }

  return (
    <View className="card" data-testid="to-wish-step">
      <Text className="card-title">转志愿服务</Text>
      <Text className="muted" style={{ display: 'block' }}>
        转为微心愿，直接上心愿墙（不显示居民姓名、电话和门牌）；志愿者完成、居民确认后，这条诉求才结案。
      </Text>
      <Text className="section-title">哪一类？</Text>
      <Chips
        options={WISH_CATEGORY_CODES.map((c) => ({ value: c, label: WISH_CATEGORIES[c].name }))}
        value={category}
        onChange={setCategory}
        chipTestId="to-wish-category-"
      />
      <TextField
        title={`请志愿者做什么？（${WISH_WHAT_MAX}字以内）`}
        label="请志愿者做什么"
        maxlength={WISH_WHAT_MAX}
        value={what}
        placeholder="例如：陪老人去医院复查"
        onInput={edit('what', setWhat)}
        error={errors.what}
        testId="to-wish-what"
      />
      <TextField
        multiline
        title="说明（已填入居民的描述，可修改）"
        label="说明"
        maxlength={WISH_WHY_MAX}
        value={why}
        onInput={edit('why', setWhy)}
        error={errors.why}
        count={`${wishTextLength(why)}/${WISH_WHY_MAX}`}
        testId="to-wish-why"
      />
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}
      <View className="page-actions">
        <BigButton testId="to-wish-submit" loading={saving} onClick={submit}>
          转为微心愿
        </BigButton>
        <BigButton kind="default" onClick={onCancel}>
          取消
        </BigButton>
      </View>
    </View>
  )
}
