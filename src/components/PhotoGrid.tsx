import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { RequestDetail } from '../domain/contract'
import { PHOTO_STAGES } from '../domain/photos'

/**
 * The local host signs photo links with its own loopback address; a phone on the LAN reaches the
 * same host under another name, so the H5 page asks its own origin for them.
 */
export function shown(url: string): string {
  if (process.env.TARO_ENV !== 'h5') return url
  const u = new URL(url)
  return u.pathname.startsWith('/cos/') ? `${u.pathname}${u.search}` : url
}

/**
 * What each stage is called: a request is 办结 (resolved), a wish 完成 (fulfilled); a 巡查发现's first
 * photos are the finder's, a 代录's whoever recorded it on the spot — neither is the resident's.
 */
const STAGE_NAMES = {
  request: PHOTO_STAGES,
  patrol: { ...PHOTO_STAGES, post: '巡查拍摄' },
  recorded: { ...PHOTO_STAGES, post: '现场拍摄' },
  wish: { ...PHOTO_STAGES, resolve: '完成拍摄' },
} as const

/** A request's or wish's photos (before / after), tap to see one full screen. */
export function PhotoGrid({
  photos,
  of = 'request',
}: {
  photos: RequestDetail['photos']
  of?: keyof typeof STAGE_NAMES
}) {
  if (photos.length === 0) return null
  const urls = photos.map((p) => shown(p.url))
  return (
    <View className="card" data-testid="photo-grid">
      <Text className="card-title">照片</Text>
      <View className="photos">
        {photos.map((p, i) => (
          <View key={urls[i]} className="photo" onClick={() => Taro.previewImage({ urls, current: urls[i] })}>
            <Image
              className="photo-img"
              src={urls[i]}
              mode="aspectFill"
              ariaLabel={`第${i + 1}张照片：${STAGE_NAMES[of][p.stage]}`}
              nativeProps={{ alt: `第${i + 1}张照片：${STAGE_NAMES[of][p.stage]}` }}
            />
            <Text className="photo-stage">{STAGE_NAMES[of][p.stage]}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
