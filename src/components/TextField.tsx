import { Input, Text } from '@tarojs/components'

interface Props {
  label: string
  value: string
  onInput: (value: string) => void
  placeholder?: string
  /** The server's message for this field, shown under it. */
  error?: string
  type?: 'text' | 'number' | 'digit' | 'idcard'
  testId?: string
}

/** A labelled one-line input with its error under it: the field every form here is made of. */
export function TextField({ label, value, onInput, placeholder, error, type = 'text', testId }: Props) {
  return (
    <>
      <Text className="section-title">{label}</Text>
      <Input
        className="input"
        type={type}
        value={value}
        placeholder={placeholder}
        // The label is a separate text above the box: it is also the box's accessible name.
        ariaLabel={label}
        nativeProps={{ 'aria-label': label }}
        onInput={(e) => onInput(e.detail.value)}
        data-testid={testId}
      />
      {error ? <Text className="field-error">{error}</Text> : null}
    </>
  )
}
