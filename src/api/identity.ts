/**
 * H5 only: who the browser is pretending to be. In WeChat the platform knows the user; in the
 * local H5 build the first visit gets a fresh identity (like a new WeChat user) and the dev page
 * can switch to any demo identity. The server treats it exactly as a platform openid.
 */
import Taro from '@tarojs/taro'

const KEY = 'devOpenId'

export function getDevOpenId(): string {
  let openid = Taro.getStorageSync<string>(KEY)
  if (!openid) {
    openid = `h5-${Math.random().toString(36).slice(2, 12)}`
    Taro.setStorageSync(KEY, openid)
  }
  return openid
}

export function setDevOpenId(openid: string): void {
  Taro.setStorageSync(KEY, openid)
}
