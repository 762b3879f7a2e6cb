import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { Chips } from '../../../../components/Chips'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import type { CategoryCode } from '../../../../domain/categories'
import { useCategories } from '../../../../hooks/useCategories'
import { MOBILE_DIGITS, NAME_MAX_CHARS, ROOM_MAX_CHARS } from '../../../../domain/contact'
import { DESCRIPTION_MAX_CHARS } from '../../../../domain/request'
import {
  WISH_CATEGORIES,
  WISH_CATEGORY_CODES,
  WISH_WHAT_MAX,
  WISH_WHY_MAX,
  type WishCategory,
} from '../../../../domain/wish'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'
import { showFiled } from '../../components/filed'

/**
 * 代录: for a resident without a phone (often an elder the worker visits), filed on their behalf —
 * a request, or with `?kind=wish` a 微心愿.
 */
export default function RecordPage() {
  const { params } = useRouter()
  const isWish = params.kind === 'wish'
  // Opened from the 楼栋长工作台: back there after filing (a 楼栋长 does not open the detail).
  const fromBuilding = params.from === 'building'
  const served = useApi(() => call('building.listServed', {}))
  const categories = useCategories()
  const [wishCategory, setWishCategory] = useState<WishCategory>()
  const [what, setWhat] = useState('')
  const [building, setBuilding] = useState<string>()
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [room, setRoom] = useState('')
  const [category, setCategory] = useState<CategoryCode>()
  const [description, setDescription] = useState('')
  const { saving, errors, setErrors, create, edit } = useCreateForm()

  async function submit() {
    const local: Record<string, string> = {}
    if (!building) local.buildingCode = '请选择楼栋'
    if (!name.trim()) local.residentName = '请填写居民姓名'
    if (isWish ? !wishCategory : !category) local.category = isWish ? '请选择心愿类别' : '请选择诉求类别'
    setErrors(local)
    if (Object.keys(local).length || !building) return
    const who = {
      buildingCode: building,
      residentName: name,
      residentPhone: phone.trim() || undefined,
      room: room.trim() || undefined,
    }
    if (isWish && wishCategory) {
      const wish = await create((requestId) =>
        call('wish.createOnBehalf', { requestId, ...who, category: wishCategory, what, why: description }),
      )
      if (wish) Taro.redirectTo({ url: `/packages/resident/pages/wish/detail?id=${wish.id}` })
      return
    }
    if (!category) return
    const created = await create((requestId) =>
      call('request.createOnBehalf', {
        requestId,
        buildingCode: building,
        residentName: name,
        residentPhone: phone.trim() || undefined,
        room: room.trim() || undefined,
        category,
        description,
      }),
    )
    if (created) showFiled(created.id, fromBuilding)
  }

  const fieldError = (key: string) =>
    errors[key] ? <Text className="field-error">{errors[key]}</Text> : null

  return (
    <Page>
      <StateView {...served} onRetry={served.reload}>
        {(d) => (
          <>
            <Text className="section-title">1. 居民住哪栋楼</Text>
            <Chips
              options={d.buildings.map((b) => ({ value: b.code, label: b.name }))}
              value={building}
              onChange={edit('buildingCode', setBuilding)}
            />
            {fieldError('buildingCode')}
            <Text className="section-title">2. 居民信息</Text>
            <Input
              className="input"
              placeholder="姓名，如：赵奶奶"
              maxlength={NAME_MAX_CHARS}
              value={name}
              onInput={(e) => edit('residentName', setName)(e.detail.value)}
            />
            {fieldError('residentName')}
            <Input
              className="input"
              type="number"
              placeholder="电话（选填，方便办理人回访）"
              maxlength={MOBILE_DIGITS}
              value={phone}
              onInput={(e) => edit('residentPhone', setPhone)(e.detail.value)}
            />
            {fieldError('residentPhone')}
            <Input
              className="input"
              placeholder="门牌号（选填）"
              maxlength={ROOM_MAX_CHARS}
              value={room}
              onInput={(e) => setRoom(e.detail.value)}
            />
            <Text className="section-title">{isWish ? '3. 居民的心愿' : '3. 反映的事情'}</Text>
            {isWish ? (
              <Chips
                options={WISH_CATEGORY_CODES.map((c) => ({ value: c, label: WISH_CATEGORIES[c].name }))}
                value={wishCategory}
                onChange={edit('category', setWishCategory)}
              />
            ) : (
              <Chips options={categories.options} value={category} onChange={edit('category', setCategory)} />
            )}
            {fieldError('category')}
            {isWish ? (
              <>
                <Input
                  className="input"
                  placeholder="心愿是什么，如：一副老花镜"
                  maxlength={WISH_WHAT_MAX}
                  value={what}
                  onInput={(e) => edit('what', setWhat)(e.detail.value)}
                />
                {fieldError('what')}
              </>
            ) : null}
            <Textarea
              className="textarea"
              placeholder={
                isWish
                  ? '为什么需要，例如：看报纸看不清字，子女不在身边'
                  : '按居民的原话记录，例如：家里灯泡坏了够不着，想请人帮忙换一下'
              }
              maxlength={isWish ? WISH_WHY_MAX : DESCRIPTION_MAX_CHARS}
              value={description}
              onInput={(e) => edit(isWish ? 'why' : 'description', setDescription)(e.detail.value)}
            />
            {fieldError(isWish ? 'why' : 'description')}
            {fieldError('_')}
            <View className="page-actions">
              <BigButton loading={saving} onClick={submit}>
                代录提交
              </BigButton>
              <Text className="muted">
                {isWish
                  ? '代录的心愿经审核后上墙；完成后由您回访居民并代为确认。'
                  : '代录的诉求照常办理；办结后由网格长回访居民并代为评价。'}
              </Text>
            </View>
          </>
        )}
      </StateView>
    </Page>
  )
}
