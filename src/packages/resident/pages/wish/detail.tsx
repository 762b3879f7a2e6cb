import { Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { uploadPhoto } from '../../../../api/upload'
import { Page } from '../../../../components/Page'
import { PhotoGrid } from '../../../../components/PhotoGrid'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import { StateView } from '../../../../components/StateView'
import { Timeline } from '../../../../components/Timeline'
import { WishCard } from '../../../../components/WishCard'
import type { WishDetail } from '../../../../domain/contract'
import { formatLocal, local } from '../../../../domain/time'
import { MAX_PROMISE_DAYS, WISH_HOURS, WISH_NOTE_MAX } from '../../../../domain/wish'
import { AmountField } from '../../../../components/PickerField'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { wallClock } from '../../../../clock'
import { confirmAction } from '../../../../hooks/confirm'

/**
 * The hand-off, for the claimant while the claim lasts: whom to call — the resident, if they chose
 * to share their phone, else the grid member — the number on tap, each look logged.
 */
function ContactCard({ wish }: { wish: WishDetail }) {
  const [whole, setWhole] = useState<string>()
  const [busy, perform] = useAction()
  const contact = wish.contact
  if (!contact) return null
  const reveal = () =>
    perform(() => call('person.reveal', { kind: 'wishContact', id: wish.id })).then((p) => {
      if (p) setWhole(p.phone)
    })
  return (
    <View className="card" data-testid="wish-contact">
      <Text className="card-title">
        {contact.who === 'resident' ? `许愿居民：${contact.name}` : `请联系：${contact.name}`}
      </Text>
      <Text className="muted">
        {contact.who === 'resident'
          ? '居民同意把电话告诉认领的志愿者，请约好时间再上门。'
          : '居民没有把电话留给志愿者，请先联系负责的网格员，由网格员帮您对接。'}
      </Text>
      {whole ? (
        <>
          <View className="row">
            <Text data-testid="wish-contact-phone">电话：{whole}</Text>
          </View>
          <BigButton kind="default" onClick={() => Taro.makePhoneCall({ phoneNumber: whole })}>
            拨打电话
          </BigButton>
        </>
      ) : (
        <>
          <BigButton kind="default" testId="reveal-wish-contact" loading={busy} onClick={reveal}>
            查看联系电话
          </BigButton>
          <Text className="muted">认领期间可查看，每次查看都会记录；完成或放弃认领后不再显示</Text>
        </>
      )}
    </View>
  )
}

/** One wish, with the one step each person can take now (review, claim, fulfil, confirm). */
export default function WishDetailPage() {
  const { id = '' } = useRouter().params
  const wish = useApi(() => call('wish.get', { id }), [id])
  const [busy, perform] = useAction()
  const today = local(wallClock()).format('YYYY-MM-DD')
  const [promisedBy, setPromisedBy] = useState(local(wallClock()).add(3, 'day').format('YYYY-MM-DD'))
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [hours, setHours] = useState<number>(WISH_HOURS.initial)
  const [reason, setReason] = useState('')

  async function act(run: () => Promise<WishDetail>, toast: string) {
    const done = await perform(run, wish.reload)
    if (done) {
      wish.setData(done)
      await Taro.showToast({ title: toast, icon: 'success' })
    }
  }

  return (
    <Page>
      <StateView {...wish} onRetry={wish.reload}>
        {(w) => (
          <>
            <WishCard wish={w} onClick={() => undefined} />
            {w.fromRequest ? (
              <View className="card" data-testid="wish-from-request">
                <Text className="card-title">来自诉求 {w.fromRequest.no}</Text>
                <Text className="muted" style={{ display: 'block' }}>
                  居民向网格反映的事，网格员请志愿者帮忙；确认圆梦后诉求一并结案
                </Text>
                {w.fromRequest.id ? (
                  <BigButton
                    kind="default"
                    testId="wish-open-request"
                    onClick={() =>
                      Taro.navigateTo({
                        url: `${w.mine ? '/packages/resident/pages/request/detail' : '/packages/grid/pages/detail/index'}?id=${w.fromRequest?.id}`,
                      })
                    }
                  >
                    查看诉求
                  </BigButton>
                ) : null}
              </View>
            ) : null}
            <PhotoGrid photos={w.photos} of="wish" />
            {w.contentCheck === 'review' ? (
              <View className="card" data-testid="content-review">
                <Text className="card-title">内容需人工审核</Text>
                <Text className="muted">
                  系统提示内容可能涉及钱款或联系方式，请仔细查看后再决定是否上墙。
                </Text>
              </View>
            ) : null}
            {w.resident ? (
              <View className="card">
                <Text className="card-title">许愿居民（仅网格员可见）</Text>
                <Text>
                  {w.resident.name} · {w.resident.building} {w.resident.room ?? ''}
                </Text>
                <View className="muted" data-testid="share-contact">
                  {w.shareContact
                    ? '居民同意把电话告诉认领的志愿者'
                    : '居民没有把电话留给志愿者：认领后请您帮忙对接'}
                </View>
              </View>
            ) : null}
            {w.claim ? (
              <View className="card" data-testid="claim-card">
                <Text className="card-title">认领人：{w.claim.name}</Text>
                <Text className="muted">
                  {w.claim.phone ? `电话 ${w.claim.phone} · ` : ''}承诺 {w.claim.promisedBy} 前完成
                </Text>
              </View>
            ) : null}
            <ContactCard wish={w} />
            {w.fulfilmentNote ? (
              <View className="card" data-testid="fulfilment">
                <Text className="card-title">完成情况</Text>
                <Text>{w.fulfilmentNote}</Text>
                {w.fulfilmentHours !== null ? (
                  <View className="muted">实际服务时长：{w.fulfilmentHours} 小时</View>
                ) : null}
              </View>
            ) : null}
            {w.rejectReason ? (
              <View className="card">
                <Text className="card-title">未通过的原因</Text>
                <Text>{w.rejectReason}</Text>
              </View>
            ) : null}

            {w.actions.includes('publish') ? (
              <View className="card" data-testid="review-step">
                <Text className="card-title">审核</Text>
                <BigButton
                  loading={busy}
                  onClick={() => act(() => call('wish.review', { id: w.id, decision: 'publish' }), '已上墙')}
                >
                  审核通过，发布到心愿墙
                </BigButton>
                <Textarea
                  className="textarea"
                  maxlength={WISH_NOTE_MAX}
                  value={reason}
                  placeholder="不通过时请写明原因，例如：涉及钱款，建议走困难救助渠道"
                  onInput={(e) => setReason(e.detail.value)}
                />
                <BigButton
                  kind="default"
                  loading={busy}
                  onClick={() =>
                    act(() => call('wish.review', { id: w.id, decision: 'reject', reason }), '已退回')
                  }
                >
                  不通过
                </BigButton>
              </View>
            ) : null}

            {w.actions.includes('claim') ? (
              <View className="card" data-testid="claim-step">
                <Text className="card-title">我来帮忙</Text>
                <Picker
                  mode="date"
                  value={promisedBy}
                  start={today}
                  end={local(wallClock()).add(MAX_PROMISE_DAYS, 'day').format('YYYY-MM-DD')}
                  onChange={(e) => setPromisedBy(String(e.detail.value))}
                >
                  <View className="input" data-testid="promise-date">
                    承诺完成日期：{promisedBy}（点此修改）
                  </View>
                </Picker>
                <BigButton
                  loading={busy}
                  onClick={async () => {
                    const done = await perform(
                      () => call('wish.claim', { id: w.id, promisedBy }),
                      wish.reload,
                    )
                    if (!done) return
                    wish.setData(done)
                    // What happens next, in words: a toast is too short for it.
                    await Taro.showModal({
                      title: '认领成功',
                      content: `请在${formatLocal(`${promisedBy}T00:00:00+08:00`, 'M月D日')}前帮居民完成心愿，完成后在这里点「标记已完成」并拍一张照片；居民确认后，时长和积分记入您的志愿服务记录。`,
                      showCancel: false,
                    })
                  }}
                >
                  认领这个心愿
                </BigButton>
              </View>
            ) : null}

            {w.actions.includes('fulfil') ? (
              <View className="card" data-testid="fulfil-step">
                <Text className="card-title">完成了吗？</Text>
                <Textarea
                  className="textarea"
                  maxlength={WISH_NOTE_MAX}
                  value={note}
                  placeholder="说说是怎么完成的，例如：已把助行器送到家，教会了调节高度"
                  onInput={(e) => setNote(e.detail.value)}
                />
                <Text className="muted">完成的照片（至少一张）</Text>
                <PhotoPicker value={photos} onChange={setPhotos} />
                <AmountField
                  label="实际服务时长（确认后记入您的志愿服务时长）"
                  value={hours}
                  onChange={setHours}
                  min={WISH_HOURS.min}
                  max={WISH_HOURS.max}
                  step={WISH_HOURS.step}
                  unit="小时"
                  testId="wish-hours"
                />
                <BigButton
                  loading={busy}
                  onClick={() =>
                    act(
                      async () =>
                        call('wish.fulfil', {
                          id: w.id,
                          note,
                          hours,
                          photos: await Promise.all(photos.map(uploadPhoto)),
                        }),
                      '已提交',
                    )
                  }
                >
                  标记已完成
                </BigButton>
              </View>
            ) : null}
            {w.actions.includes('release') ? (
              <BigButton
                kind="default"
                loading={busy}
                onClick={async () => {
                  const ok = await confirmAction({
                    title: '放弃认领？',
                    content: '放弃后心愿会回到心愿墙，由其他志愿者认领。',
                    confirm: '放弃认领',
                    keep: '继续认领',
                  })
                  if (ok) await act(() => call('wish.release', { id: w.id }), '已放弃')
                }}
              >
                放弃认领
              </BigButton>
            ) : null}
            {w.actions.includes('withdraw') ? (
              <BigButton
                kind="default"
                loading={busy}
                onClick={async () => {
                  const ok = await confirmAction({
                    title: '撤回心愿？',
                    content: '撤回后心愿不再显示在心愿墙上。',
                    confirm: '撤回心愿',
                    keep: '不撤回了',
                  })
                  if (ok) await act(() => call('wish.withdraw', { id: w.id }), '已撤回')
                }}
              >
                撤回心愿
              </BigButton>
            ) : null}
            {w.actions.includes('confirm') ? (
              <BigButton
                loading={busy}
                onClick={() => act(() => call('wish.confirm', { id: w.id }), '已确认')}
              >
                {w.mine ? '心愿实现了，确认' : '回访后代居民确认'}
              </BigButton>
            ) : null}

            <Text className="section-title">心愿进度</Text>
            <View className="card">
              <Timeline events={w.events} />
            </View>
          </>
        )}
      </StateView>
    </Page>
  )
}
