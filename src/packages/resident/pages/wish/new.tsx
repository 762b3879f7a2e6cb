import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { Chips } from '../../../../components/Chips'
import { BigButton } from '../../../../components/BigButton'
import { TextField } from '../../../../components/TextField'
import { uploadPhoto } from '../../../../api/upload'
import { Page } from '../../../../components/Page'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import {
  WISH_CATEGORIES,
  WISH_CATEGORY_CODES,
  WISH_WHAT_MAX,
  WISH_WHY_MAX,
  wishTextErrors,
  wishTextLength,
  type WishCategory,
} from '../../../../domain/wish'
import { useCreateForm } from '../../../../hooks/useCreateForm'

/** 许愿: what you wish for and why; the grid member looks at it before it goes on the wall. */
export default function NewWishPage() {
  const [category, setCategory] = useState<WishCategory>()
  const [what, setWhat] = useState('')
  const [why, setWhy] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [shareContact, setShareContact] = useState<'yes' | 'no'>('no')
  const { saving, errors, setErrors, create } = useCreateForm()

  async function submit() {
    const local = wishTextErrors(what, why)
    if (!category) local.category = '请选择心愿类别'
    setErrors(local)
    if (Object.keys(local).length || !category) return
    const wish = await create(async (requestId) =>
      call('wish.create', {
        requestId,
        category,
        what,
        why,
        shareContact: shareContact === 'yes',
        photos: await Promise.all(photos.map(uploadPhoto)),
      }),
    )
    if (wish) Taro.redirectTo({ url: `/packages/resident/pages/wish/detail?id=${wish.id}` })
  }

  return (
    <Page>
      <Text className="section-title">1. 哪一类心愿？</Text>
      <Chips
        options={WISH_CATEGORY_CODES.map((c) => ({ value: c, label: WISH_CATEGORIES[c].name }))}
        value={category}
        onChange={setCategory}
        chipTestId="wish-category-"
      />
      {category ? <Text className="muted">{WISH_CATEGORIES[category].hint}</Text> : null}
      {errors.category ? <Text className="field-error">{errors.category}</Text> : null}

      <TextField
        title={`2. 心愿是什么？（${WISH_WHAT_MAX}字以内）`}
        label="心愿是什么"
        maxlength={WISH_WHAT_MAX}
        value={what}
        placeholder="例如：一副助行器"
        onInput={setWhat}
        error={errors.what}
        testId="wish-what"
      />

      <TextField
        multiline
        title="3. 为什么需要？"
        label="为什么需要"
        maxlength={WISH_WHY_MAX}
        value={why}
        placeholder="例如：老伴腿脚不便，下楼散步需要扶着东西走"
        onInput={setWhy}
        error={errors.why}
        count={`${wishTextLength(why)}/${WISH_WHY_MAX}`}
        testId="wish-why"
      />
      <Text className="section-title">4. 照片（选填，只有网格员和认领的志愿者能看到）</Text>
      <PhotoPicker value={photos} onChange={setPhotos} error={errors.photos} />
      <Text className="section-title">5. 认领的志愿者怎么联系您？</Text>
      <Chips
        options={[
          { value: 'no', label: '请网格员转达' },
          { value: 'yes', label: '可以把我的电话告诉他' },
        ]}
        value={shareContact}
        onChange={setShareContact}
        chipTestId="wish-share-"
      />
      <Text className="muted">
        {shareContact === 'yes'
          ? '只有认领的志愿者在认领期间能看到您的电话，每次查看都会记录。'
          : '志愿者只能看到负责您楼栋的网格员的电话，由网格员帮您对接。'}
      </Text>
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}
      <BigButton loading={saving} onClick={submit}>
        提交心愿
      </BigButton>
      <Text className="muted">网格员审核后，心愿会出现在心愿墙上；墙上不显示您的姓名、电话和住址。</Text>
    </Page>
  )
}
