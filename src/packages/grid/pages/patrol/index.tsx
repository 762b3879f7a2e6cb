import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { uploadPhoto } from '../../../../api/upload'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { Page } from '../../../../components/Page'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { CategoryCode } from '../../../../domain/categories'
import { useCategories } from '../../../../hooks/useCategories'
import { PLACE_MAX_CHARS } from '../../../../domain/patrol'
import { DESCRIPTION_MAX_CHARS } from '../../../../domain/request'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'
import { showFiled } from '../../components/filed'

/**
 * 巡查发现: an issue found on a round (市容环境、综治维稳、安全隐患…), filed without a resident — in a
 * building the worker serves (a 楼栋长: their own) and a place in it, with photos. `?from=building`:
 * opened from the 楼栋长工作台, which it returns to (a 楼栋长 does not open the request's detail).
 */
export default function PatrolPage() {
  const fromBuilding = useRouter().params.from === 'building'
  const served = useApi(() => call('building.listServed', {}))
  const categories = useCategories()
  const [building, setBuilding] = useState<string>()
  const [place, setPlace] = useState('')
  const [category, setCategory] = useState<CategoryCode>()
  const [description, setDescription] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const { saving, errors, setErrors, create, edit } = useCreateForm()

  async function submit() {
    const local: Record<string, string> = {}
    if (!building) local.buildingCode = '请选择楼栋'
    if (!category) local.category = '请选择问题类别'
    setErrors(local)
    if (!building || !category) return
    const created = await create(async (requestId) =>
      call('request.patrol', {
        requestId,
        buildingCode: building,
        place,
        category,
        description,
        photos: await Promise.all(photos.map(uploadPhoto)),
      }),
    )
    if (created) showFiled(created.id, fromBuilding)
  }

  return (
    <Page>
      <StateView {...served} onRetry={served.reload}>
        {(d) => (
          <>
            <Text className="section-title">1. 在哪栋楼</Text>
            <Chips
              options={d.buildings.map((b) => ({ value: b.code, label: b.name }))}
              value={building}
              onChange={edit('buildingCode', setBuilding)}
            />
            {errors.buildingCode ? <Text className="field-error">{errors.buildingCode}</Text> : null}
            <TextField
              label="具体位置"
              title="2. 具体位置"
              placeholder="如：3单元楼道、楼前空地"
              maxlength={PLACE_MAX_CHARS}
              value={place}
              onInput={edit('place', setPlace)}
              error={errors.place}
              testId="patrol-place"
            />
            <Text className="section-title">3. 什么问题</Text>
            <Chips options={categories.options} value={category} onChange={edit('category', setCategory)} />
            {errors.category ? <Text className="field-error">{errors.category}</Text> : null}
            <TextField
              label="看到的情况"
              title="4. 看到的情况"
              placeholder="例如：楼道里堆满纸箱，堵住了消防通道"
              multiline
              maxlength={DESCRIPTION_MAX_CHARS}
              value={description}
              onInput={edit('description', setDescription)}
              error={errors.description}
              testId="patrol-description"
            />
            <Text className="section-title">5. 现场照片（选填）</Text>
            <PhotoPicker value={photos} onChange={setPhotos} error={errors.photos} />
            {errors._ ? <Text className="field-error">{errors._}</Text> : null}
            <View className="page-actions">
              <BigButton loading={saving} onClick={submit} testId="patrol-submit">
                提交巡查发现
              </BigButton>
              <Text className="muted">
                巡查发现照常派给负责的网格员办理，计时与诉求相同；办结即完结，无需评价。
              </Text>
            </View>
          </>
        )}
      </StateView>
    </Page>
  )
}
