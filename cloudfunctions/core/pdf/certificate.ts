/**
 * 志愿服务记录证明 (民政部令第67号《志愿服务记录与证明出具办法》: identity, hours, what was done
 * and when, the issuer, a serial number, the date) as a one-or-more-page A4 PDF, drawn with
 * pdf-lib in Noto Sans SC (fonts.ts). Loaded only when a certificate is asked for.
 */
import { loadFontkit, loadPdfLib } from '../libraries'
import { A4, MARGIN, Writer } from './writer'

export interface CertificateData {
  serial: string
  name: string
  /** Masked; "未登记" when the volunteer gave none. */
  idNumber: string
  issuer: string
  /** How to reach the community about it: "李秀兰（社区管理员） 0916-3212000". */
  contact: string
  issuedOn: string
  totalHours: number
  services: { date: string; content: string; hours: number }[]
}

export async function certificatePdf(data: CertificateData): Promise<Uint8Array> {
  const { PDFDocument, rgb } = await loadPdfLib()
  const fontkit = await loadFontkit()
  const doc = await PDFDocument.create()
  doc.setTitle(`志愿服务记录证明 ${data.serial}`)
  doc.setSubject(data.serial)
  doc.setAuthor(data.issuer)
  doc.setCreator('暖心网格')
  const w = new Writer(doc, fontkit)
  let page = doc.addPage(A4)
  let y = A4[1] - MARGIN

  const title = '志愿服务记录证明'
  await w.draw(page, title, (A4[0] - (await w.width(title, 24))) / 2, y - 24, 24)
  y -= 60
  await w.draw(page, `编号：${data.serial}`, MARGIN, y, 11)
  y -= 28
  const lines = [
    `兹证明 ${data.name}（证件号码：${data.idNumber}）在${data.issuer}参加志愿服务，`,
    `累计志愿服务时间 ${data.totalHours} 小时。服务记录如下：`,
  ]
  for (const line of lines) {
    await w.draw(page, line, MARGIN, y, 13)
    y -= 22
  }
  y -= 8
  const cols = [MARGIN, MARGIN + 110, A4[0] - MARGIN - 60]
  const header = async () => {
    await w.draw(page, '日期', cols[0], y, 12)
    await w.draw(page, '服务内容', cols[1], y, 12)
    await w.draw(page, '时长（小时）', cols[2] - 10, y, 12)
    page.drawLine({
      start: { x: MARGIN, y: y - 6 },
      end: { x: A4[0] - MARGIN, y: y - 6 },
      thickness: 0.8,
      color: rgb(0.3, 0.3, 0.3),
    })
    y -= 24
  }
  await header()
  for (const s of data.services) {
    if (y < MARGIN + 120) {
      page = doc.addPage(A4)
      y = A4[1] - MARGIN
      await header()
    }
    await w.draw(page, s.date, cols[0], y, 11)
    const content = Array.from(s.content).slice(0, 26).join('')
    await w.draw(page, content, cols[1], y, 11)
    await w.draw(page, String(s.hours), cols[2] + 10, y, 11)
    y -= 20
  }
  if (data.services.length === 0) {
    await w.draw(page, '（暂无经确认的服务记录）', cols[1], y, 11)
    y -= 20
  }
  // The foot: the community's contact on the left, the issuer, the date and the seal's place on
  // the right — on a page of its own when the table left no room for it.
  const SEAL = 96
  if (y < MARGIN + SEAL + 96) {
    page = doc.addPage(A4)
    y = A4[1] - MARGIN
  }
  y = Math.min(y - 30, MARGIN + SEAL + 60)
  const right = A4[0] - MARGIN - 240
  await w.draw(page, `出具单位：${data.issuer}`, right, y, 13)
  await w.draw(page, `出具日期：${data.issuedOn}`, right, y - 24, 13)
  await w.draw(page, `社区联系方式：${data.contact}`, MARGIN, y - 56, 11)
  // 盖章处: a dashed square for the issuer's seal, which makes the paper official.
  const seal = { x: A4[0] - MARGIN - SEAL - 20, y: y - 48 - SEAL }
  page.drawRectangle({
    ...seal,
    width: SEAL,
    height: SEAL,
    borderColor: rgb(0.6, 0.6, 0.6),
    borderWidth: 0.8,
    borderDashArray: [4, 3],
  })
  const label = '（盖章处）'
  await w.draw(
    page,
    label,
    seal.x + (SEAL - (await w.width(label, 10))) / 2,
    seal.y + SEAL / 2 - 4,
    10,
    rgb(0.55, 0.55, 0.55),
  )
  await w.draw(page, '本证明编号可在“暖心网格”小程序中核验。', MARGIN, MARGIN - 20, 9)
  return doc.save()
}
