import { Input, Text, Textarea, View } from '@tarojs/components'

interface Props {
  /** The box's name: the heading above it and, for a screen reader, the box itself. */
  label: string
  value: string
  onInput: (value: string) => void
  /** A heading that says more than the name (a step number, a limit, a hint); the name stays `label`. */
  title?: string
  placeholder?: string
  /** The server's message for this field, shown under it. */
  error?: string
  type?: 'text' | 'number' | 'digit' | 'idcard'
  /** A box of several lines (a description, a note) instead of one. */
  multiline?: boolean
  maxlength?: number
  /** Shown at the right under the box, beside the error: characters used of the maximum. */
  count?: string
  testId?: string
}

/** A labelled input with its error under it: the field every form here is made of. */
export function TextField(p: Props) {
  const box = {
    value: p.value,
    placeholder: p.placeholder,
    maxlength: p.maxlength,
    // The label is a separate text above the box: it is also the box's accessible name.
    ariaLabel: p.label,
    nativeProps: { 'aria-label': p.label },
    onInput: (e: { detail: { value: string } }) => p.onInput(e.detail.value),
    'data-testid': p.testId,
  }
  return (
    <>
      <Text className="section-title">{p.title ?? p.label}</Text>
      {p.multiline ? (
        <Textarea className="textarea" {...box} />
      ) : (
        <Input className="input" type={p.type ?? 'text'} {...box} />
      )}
      {p.count !== undefined ? (
        <View className="row">
          <Text className="field-error">{p.error ?? ''}</Text>
          <Text className="muted">{p.count}</Text>
        </View>
      ) : p.error ? (
        <Text className="field-error">{p.error}</Text>
      ) : null}
    </>
  )
}
