import { Image, Text, View } from '@tarojs/components'
import { choosePhotos } from '../api/upload'
import { MAX_PHOTOS } from '../domain/photos'

/** Up to 3 photos chosen on the phone, shown as large thumbnails, each removable with one tap. */
export function PhotoPicker({
  value,
  onChange,
  error,
}: {
  value: string[]
  onChange: (paths: string[]) => void
  error?: string
}) {
  const left = MAX_PHOTOS - value.length
  return (
    <View>
      <View className="photos" data-testid="photo-picker">
        {value.map((p, i) => (
          <View key={p} className="photo">
            <Image
              className="photo-img"
              src={p}
              mode="aspectFill"
              ariaLabel={`已选的第${i + 1}张照片`}
              nativeProps={{ alt: `已选的第${i + 1}张照片` }}
            />
            <Text
              className="photo-remove"
              onClick={() => onChange(value.filter((x) => x !== p))}
              data-testid="photo-remove"
            >
              删除
            </Text>
          </View>
        ))}
        {left > 0 ? (
          <View
            className="photo photo-add"
            onClick={async () => {
              const picked = await choosePhotos(left).catch(() => [])
              onChange([...value, ...picked].slice(0, MAX_PHOTOS))
            }}
            data-testid="photo-add"
          >
            <Text className="photo-add-icon">＋</Text>
            <Text>添加照片</Text>
            <Text className="muted">还可加{left}张</Text>
          </View>
        ) : null}
      </View>
      {error ? <Text className="field-error">{error}</Text> : null}
    </View>
  )
}
