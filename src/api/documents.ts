/**
 * A document the server made for the person (a ledger workbook, a certificate, a poster), handed
 * over as `{ fileID, url }` (cloudfunctions/core/documents.ts). WeChat downloads it by file id
 * with wx.cloud.downloadFile — no 下载合法域名 to configure, no link to expire on a slow phone — and
 * opens it in its document viewer (from where it can be shared or saved); the H5 build downloads
 * the short-lived link.
 */
import Taro from '@tarojs/taro'

export interface DeliveredFile {
  fileID: string
  url: string
}

export async function openDocument(
  file: DeliveredFile,
  fileName: string,
  fileType: 'pdf' | 'xlsx',
): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const { tempFilePath } = await Taro.cloud.downloadFile({ fileID: file.fileID })
    await Taro.openDocument({ filePath: tempFilePath, fileType, showMenu: true })
    return
  }
  const a = document.createElement('a')
  a.href = file.url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
}
