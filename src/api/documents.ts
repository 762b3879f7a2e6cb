/**
 * A file the server made (a ledger workbook, a certificate) behind a short-lived link: WeChat
 * opens it in its document viewer (from where it can be shared or saved); the H5 build downloads it.
 */
import Taro from '@tarojs/taro'

export async function openDocument(url: string, fileName: string, fileType: 'pdf' | 'xlsx'): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const { tempFilePath } = await Taro.downloadFile({ url })
    await Taro.openDocument({ filePath: tempFilePath, fileType, showMenu: true })
    return
  }
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
}
