import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call } from '../../../../api/client'
import { Chips } from '../../../../components/Chips'
import { BigButton } from '../../../../components/BigButton'
import { TextField } from '../../../../components/TextField'
import { ContactFields, contactOf, saveContact, type Contact } from '../../../../components/ContactFields'
import { uploadPhoto } from '../../../../api/upload'
import { Page } from '../../../../components/Page'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import { SimilarRequests } from '../../../../components/SimilarRequests'
import type { CategoryCode } from '../../../../domain/categories'
import { MOBILE_DIGITS, MOBILE_PATTERN } from '../../../../domain/contact'
import { MAX_PHOTOS } from '../../../../domain/photos'
import { charCount, DESCRIPTION_MAX_CHARS, DESCRIPTION_MIN_CHARS } from '../../../../domain/request'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'
import { useCategories } from '../../../../hooks/useCategories'

export default function NewRequestPage() {
  const [category, setCategory] = useState<CategoryCode>()
  const [description, setDescription] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const { saving, errors, setErrors, create } = useCreateForm()
  const me = useApi(() => call('me.get', {}))
  // The community's names; a category it disabled is not offered.
  const categories = useCategories()
  // Asked once: open until given, then a line with 修改.
  const [contact, setContact] = useState<Contact | null>(null)
  useEffect(() => {
    if (me.data && !me.data.contact.asked) setContact(contactOf(me.data))
  }, [me.data])

  const length = charCount(description.trim())

  async function submit() {
    const local: Record<string, string> = {}
    if (!category) local.category = '请选择诉求类别'
    if (contact && !contact.name.trim()) local.name = '请填写怎么称呼您'
    if (contact && !contact.noPhone && !contact.phoneCode && !MOBILE_PATTERN.test(contact.phone.trim()))
      local.phone = `请填写${MOBILE_DIGITS}位手机号；不想留可以选「不留电话」`
    if (length < DESCRIPTION_MIN_CHARS)
      local.description = `请至少写${DESCRIPTION_MIN_CHARS}个字，说清楚发生了什么`
    setErrors(local)
    if (Object.keys(local).length || !category) return
    const created = await create(async (requestId) => {
      await saveContact(contact)
      return call('request.create', {
        requestId,
        category,
        description,
        photos: await Promise.all(photos.map(uploadPhoto)),
      })
    })
    if (created)
      Taro.redirectTo({ url: `/packages/resident/pages/request/detail?id=${created.id}&created=1` })
  }

  return (
    <Page>
      <Text className="section-title">1. 您要反映哪类事情？</Text>
      <Chips
        options={categories.options}
        value={category}
        onChange={(code) => {
          setCategory(code)
          setErrors(({ category: _gone, ...rest }) => rest)
        }}
        testId="categories"
        chipTestId="category-"
      />
      {category ? <Text className="muted">{categories.hintOf(category)}</Text> : null}
      {errors.category ? <Text className="field-error">{errors.category}</Text> : null}
      <SimilarRequests category={category} />

      <TextField
        multiline
        title="2. 说说具体情况"
        label="说说具体情况"
        placeholder="例如：3单元楼道的灯坏了一个星期，晚上老人上下楼看不见"
        maxlength={DESCRIPTION_MAX_CHARS}
        value={description}
        onInput={(value) => {
          setDescription(value)
          if (errors.description) setErrors(({ description: _gone, ...rest }) => rest)
        }}
        error={errors.description}
        count={`${length}/${DESCRIPTION_MAX_CHARS}`}
        testId="description"
      />

      <Text className="section-title">3. 拍张照片（选填，最多{MAX_PHOTOS}张）</Text>
      <PhotoPicker value={photos} onChange={setPhotos} error={errors.photos} />

      {me.data ? (
        <>
          <Text className="section-title">4. 怎么联系您</Text>
          <ContactFields me={me.data} value={contact} onChange={setContact} errors={errors} />
        </>
      ) : null}
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}

      <View className="page-actions">
        <BigButton testId="submit" loading={saving} onClick={submit}>
          提交
        </BigButton>
        <Text className="muted">提交后会送到负责您楼栋的网格员，接单和办结都会在“我的诉求”里看到。</Text>
      </View>
    </Page>
  )
}
