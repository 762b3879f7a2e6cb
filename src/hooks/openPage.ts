import Taro from '@tarojs/taro'
import { TAB_PAGES } from '../domain/links'

/**
 * Opens a page the way WeChat allows: a tab page (首页, 活动, 我的) only by switchTab, which
 * takes no query — WeChat refuses navigateTo to it, though the H5 router allows it — and any
 * other page by navigateTo. `url` starts with a slash.
 */
export function openPage(url: string): Promise<unknown> {
  const [path] = url.slice(1).split('?')
  return (TAB_PAGES as readonly string[]).includes(path)
    ? Taro.switchTab({ url: `/${path}` })
    : Taro.navigateTo({ url })
}
