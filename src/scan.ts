import Taro from '@tarojs/taro'
import { sceneOf } from './domain/links'

/**
 * Opens the camera (weapp) to scan a building's code. A building's mini-program code carries the
 * building code as `scene`; WeChat gives it back in `path` (…?scene=B01); a standard QR code of the
 * building's H5 link (the local environment's) carries it in the URL. In the H5 build there
 * is no camera API: the printed QR codes open the bind page directly.
 */
export async function scanBuildingCode(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') {
    Taro.showModal({
      title: '扫码绑定',
      content: '请用手机扫描楼栋单元门口张贴的二维码。',
      showCancel: false,
    })
    return
  }
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true })
    const query = (res.path ?? '').split('?')[1] ?? ''
    // A standard QR code of the building's H5 link carries the same scene in its URL.
    const scene =
      new URLSearchParams(query).get('scene') ?? sceneOf({ q: encodeURIComponent(res.result ?? '') })
    if (!scene) throw new Error('no scene')
    await Taro.navigateTo({ url: `/pages/bind/index?scene=${encodeURIComponent(scene)}` })
  } catch {
    Taro.showToast({ title: '没有识别到楼栋二维码', icon: 'none' })
  }
}
