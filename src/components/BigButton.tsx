import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { openPage } from '../hooks/openPage'
import type { PropsWithChildren } from 'react'

interface Props {
  onClick?: () => void
  /** A page to open on tap (openPage: switchTab for a tab page); such a button is `default` unless `kind` says otherwise. */
  to?: string
  kind?: 'primary' | 'default'
  disabled?: boolean
  loading?: boolean
  testId?: string
}

/** The main action of a screen: full width, ≥ 88 (120 in large-text mode) high. */
export function BigButton({
  children,
  onClick,
  to,
  kind = to ? 'default' : 'primary',
  disabled,
  loading,
  testId,
}: PropsWithChildren<Props>) {
  return (
    <Button
      className="big-button"
      type={kind}
      block
      size="large"
      disabled={disabled || loading}
      loading={loading}
      onClick={to ? () => void openPage(to) : onClick}
      data-testid={testId}
    >
      {children}
    </Button>
  )
}
