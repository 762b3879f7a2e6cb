import { Text, View } from '@tarojs/components'
import { RATING_CODES, RATINGS, type Rating } from '../domain/request'

/** 满意 · 基本满意 · 不满意 as chips, with the line that says none was chosen yet. */
export function RatingChips({
  value,
  error,
  onChange,
}: {
  value: Rating | undefined
  error: string | undefined
  onChange: (r: Rating) => void
}) {
  return (
    <>
      <View className="chips">
        {RATING_CODES.map((r) => (
          <View
            key={r}
            className={`chip ${value === r ? 'chip-on' : ''}`}
            onClick={() => onChange(r)}
            data-testid={`rating-${r}`}
          >
            {RATINGS[r]}
          </View>
        ))}
      </View>
      {error ? <Text className="field-error">{error}</Text> : null}
    </>
  )
}

export const RATING_MISSING = '请先选择：满意、基本满意或不满意'
