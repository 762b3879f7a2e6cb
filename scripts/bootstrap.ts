/**
 * The first admin of a fresh deployment: `npm run bootstrap -- --community 幸福里社区 --street 暖阳街道`.
 * Creates the community (and its first-level grid) if missing and prints a one-time admin
 * invitation (72 hours): the first admin opens it in the mini-program (我的 → 输入邀请码) while
 * signed in to WeChat, and from then on invites everyone else. Refused once the community has an
 * admin — there is no default account.
 *
 * Where it writes: the CloudBase environment ENV_ID with TENCENTCLOUD_SECRETID/SECRETKEY (an API
 * key of the account), or a local environment when LOCAL_TCB_URL is set (`npm start` prints it).
 */
import { randomBytes } from 'node:crypto'
import tcb from '@cloudbase/node-sdk'
import QRCode from 'qrcode'
import { bootstrapAdmin, bootstrapStreet } from '../cloudfunctions/core/roles/bootstrap'
import { connectApp, serverNow } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import { wxApi } from '../cloudfunctions/core/wx'
import { AppError } from '../src/domain/errors'
import { formatLocal } from '../src/domain/time'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function app() {
  if (process.env.LOCAL_TCB_URL) return connectApp(process.env.LOCAL_TCB_URL)
  const env = process.env.ENV_ID
  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  if (!env || !secretId || !secretKey) {
    throw new Error(
      '请设置 ENV_ID、TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（或本地的 LOCAL_TCB_URL）',
    )
  }
  return tcb.init({ env, secretId, secretKey })
}

async function main(): Promise<void> {
  const streetId = arg('--street-id')
  if (streetId) return bootstrapStreetOf(streetId)
  const name = arg('--community')
  const street = arg('--street') ?? ''
  const communityId = arg('--id') ?? `c-${randomBytes(4).toString('hex')}`
  if (!name)
    throw new Error('用法：npm run bootstrap -- --community 社区名称 --street 街道名称 [--id 社区编码]')
  if (!/^[0-9A-Za-z_-]{1,30}$/.test(communityId)) throw new Error('社区编码只能用字母、数字、- 和 _')
  const inv = await bootstrapAdmin(deps(), { communityId, name, street })
  await print(`${name}（社区编码 ${communityId}）的首位管理员邀请码`, inv)
}

function deps() {
  const cloud = app()
  return { db: cloud.database(), files: cloudFiles(cloud), wx: wxApi(cloud), now: serverNow }
}

/** 街道: `npm run bootstrap -- --street-id s-nuanyang --street 暖阳街道 --communities c-xingfuli,c-chunhui`. */
async function bootstrapStreetOf(streetId: string): Promise<void> {
  const name = arg('--street')
  const communityIds = (arg('--communities') ?? '').split(',').filter(Boolean)
  if (!name)
    throw new Error(
      '用法：npm run bootstrap -- --street-id s-街道编码 --street 街道名称 --communities 社区编码1,社区编码2',
    )
  const inv = await bootstrapStreet(deps(), { streetId, name, communityIds })
  await print(`${name}（街道编码 ${streetId}）的街道管理员邀请码`, inv)
}

async function print(title: string, inv: { code: string; url: string; expiresAt: Date }): Promise<void> {
  console.log(`\n${title}：\n\n    ${inv.code}\n`)
  console.log(`有效至 ${formatLocal(inv.expiresAt, 'YYYY年M月D日 HH:mm')}，只能使用一次。`)
  console.log('请在小程序「我的 → 输入邀请码」中输入，或扫描下面的二维码：\n')
  console.log(await QRCode.toString(inv.url, { type: 'terminal', small: true }))
  console.log(inv.url)
}

main().catch((err: unknown) => {
  console.error(err instanceof AppError || err instanceof Error ? err.message : err)
  process.exit(1)
})
