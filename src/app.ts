import type { PropsWithChildren } from 'react'
// NutUI's design tokens (CSS variables on :root/page); each component's own CSS is imported
// where the component is used (see NutUI's on-demand guide for Taro).
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import './app.scss'

function App({ children }: PropsWithChildren) {
  return children
}

export default App
