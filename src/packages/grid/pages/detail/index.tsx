import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { uploadPhoto } from '../../../../api/upload'
import { Page } from '../../../../components/Page'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import { RequestBody } from '../../../../components/RequestBody'
import { MoreActions } from '../../components/MoreActions'
import { MergeStep } from '../../components/MergeStep'
import { ToWishStep } from '../../components/ToWishStep'
import { StateView } from '../../../../components/StateView'
import type { RequestDetail } from '../../../../domain/contract'
import { MAX_PHOTOS } from '../../../../domain/photos'
import { RESOLVE_NOTE_MAX_CHARS, RESOLVE_NOTE_MIN_CHARS } from '../../../../domain/request'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'

function ResidentCard({ request }: { request: RequestDetail }) {
  const resident = request.resident
  const [whole, setWhole] = useState<string>()
  const [busy, perform] = useAction()
  if (!resident) return null
  // Masked for everyone; the one calling back asks for the whole number, and that is logged.
  const reveal = () =>
    perform(() => call('person.reveal', { kind: 'requestResident', id: request.id })).then((p) => {
      if (p) setWhole(p.phone)
    })
  return (
    <View className="card" data-testid="resident-card">
      <Text className="card-title">
        {resident.name} · {request.buildingName}
        {resident.room ? ` ${resident.room}` : ''}
      </Text>
      <View className="row">
        <Text data-testid="resident-phone">
          电话：
          {whole ??
            resident.phone ??
            (resident.noPhone ? '居民选择不留电话（可上门或请楼栋长联系）' : '未留')}
        </Text>
      </View>
      {whole ? (
        <BigButton kind="default" onClick={() => Taro.makePhoneCall({ phoneNumber: whole })}>
          拨打电话
        </BigButton>
      ) : resident.phone ? (
        <>
          <BigButton kind="default" testId="reveal-phone" loading={busy} onClick={reveal}>
            查看完整号码
          </BigButton>
          <Text className="muted">接单办理时可查看，每次查看都会记录</Text>
        </>
      ) : null}
    </View>
  )
}

/**
 * 办理: accept, then resolve with a note — each one tap from here. A unit called in (吹哨报到) works
 * on the same page: 报到接单, then 办结 with its note and photos, or 退回 (MoreActions).
 */
export default function GridDetailPage() {
  const { id = '' } = useRouter().params
  const detail = useApi(() => call('request.get', { id }), [id])
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState<string>()
  const [photos, setPhotos] = useState<string[]>([])
  const [busy, perform] = useAction()
  const [toWish, setToWish] = useState(false)

  return (
    <Page>
      <StateView {...detail} onRetry={detail.reload}>
        {(r) => {
          // Held by the street (兜底): its admin 受理s it rather than 接单 as a grid member would.
          const street = r.actions.includes('streetReturn')
          return (
            <>
              <ResidentCard request={r} />
              {r.actions.includes('accept') || r.actions.includes('unitAccept') ? (
                <BigButton
                  testId="accept"
                  loading={busy}
                  onClick={async () => {
                    // 吹哨报到: a unit's contact reports in (报到) the way a member accepts.
                    const unit = r.actions.includes('unitAccept')
                    const done = await perform(
                      () => call(unit ? 'request.unitAccept' : 'request.accept', { id: r.id }),
                      detail.reload,
                    )
                    if (done) {
                      detail.setData(done)
                      Taro.showToast({
                        title: unit ? '已报到' : street ? '已受理' : '已接单',
                        icon: 'success',
                      })
                    }
                  }}
                >
                  {r.actions.includes('unitAccept') ? '报到接单' : street ? '受理（由街道办理）' : '接单'}
                </BigButton>
              ) : null}
              {r.actions.includes('resolve') || r.actions.includes('unitResolve') ? (
                <View className="card" data-testid="resolve-step">
                  <Text className="card-title">办结</Text>
                  <Textarea
                    className="textarea"
                    maxlength={RESOLVE_NOTE_MAX_CHARS}
                    value={note}
                    placeholder="写明怎么解决的，例如：已联系物业更换灯泡，恢复照明"
                    onInput={(e) => {
                      setNote(e.detail.value)
                      setNoteError(undefined)
                    }}
                    data-testid="resolve-note"
                  />
                  {noteError ? <Text className="field-error">{noteError}</Text> : null}
                  <Text className="muted">办结照片（选填，最多{MAX_PHOTOS}张）</Text>
                  <PhotoPicker value={photos} onChange={setPhotos} />
                  <View className="page-actions">
                    <BigButton
                      testId="resolve"
                      loading={busy}
                      onClick={async () => {
                        // An enabled button that explains beats a pale disabled one elders cannot read.
                        if (note.trim().length < RESOLVE_NOTE_MIN_CHARS) {
                          setNoteError(`请先写明办理情况（至少${RESOLVE_NOTE_MIN_CHARS}个字），再点办结`)
                          return
                        }
                        const done = await perform(
                          async () =>
                            call(
                              r.actions.includes('unitResolve') ? 'request.unitResolve' : 'request.resolve',
                              {
                                id: r.id,
                                note,
                                photos: await Promise.all(photos.map(uploadPhoto)),
                              },
                            ),
                          detail.reload,
                        )
                        if (done) {
                          detail.setData(done)
                          setNote('')
                          setPhotos([])
                        }
                      }}
                    >
                      确认办结
                    </BigButton>
                  </View>
                </View>
              ) : null}
              {r.actions.includes('rate') ? (
                <BigButton
                  onClick={() =>
                    Taro.navigateTo({ url: `/packages/resident/pages/request/detail?id=${r.id}` })
                  }
                >
                  回访居民后代为评价
                </BigButton>
              ) : null}
              {r.actions.includes('toWish') ? (
                toWish ? (
                  <ToWishStep
                    request={r}
                    onDone={() => {
                      setToWish(false)
                      detail.reload()
                    }}
                    onCancel={() => setToWish(false)}
                  />
                ) : (
                  <BigButton kind="default" testId="to-wish" onClick={() => setToWish(true)}>
                    转志愿服务
                  </BigButton>
                )
              ) : null}
              <MoreActions request={r} onDone={detail.setData} onFail={detail.reload} />
              <MergeStep request={r} onDone={detail.setData} onFail={detail.reload} />
              <RequestBody request={r} staff />
            </>
          )
        }}
      </StateView>
    </Page>
  )
}
