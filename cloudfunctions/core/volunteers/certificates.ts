/** 志愿服务记录证明: the certificate PDF and its check by serial (民政部令第67号). */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../../src/domain/errors'
import { maskIdNumber, maskName } from '../../../src/domain/privacy'
import { local } from '../../../src/domain/time'
import { getCommunity } from '../community'
import type { ActionContext } from '../context'
import { deliverDocument } from '../documents'
import { collection } from '../db'
import { derivedId } from '../ids'
import type { CertificateDoc } from '../model'
import { findVolunteer, ledgerSince } from './actions'
import { publishedContact } from '../contacts/published'

const CERTIFICATE_LINK_SECONDS = 600

/**
 * 志愿服务记录证明: every confirmed service in the ledger, as a PDF with a serial number that is
 * kept with the entries it states, so anyone holding the paper can check it (certificate.verify).
 */
export async function issueCertificate(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const volunteer = await findVolunteer(db, caller.openid)
  if (!volunteer) throw new AppError('FORBIDDEN', '请先登记为志愿者')
  const at = now()
  const entries = (await ledgerSince(db, [caller.openid], new Date(0))).reverse()
  const hours = entries.reduce((n, e) => n + e.hours, 0)
  // Random as well as the person and the instant: two downloads in one millisecond must not collide
  // (they did: the second insert failed), and a serial should not be guessable from who and when.
  const serial = `NX${local(at).format('YYYYMMDD')}${derivedId(caller.openid, at.toISOString(), randomBytes(8).toString('hex')).slice(0, 8).toUpperCase()}`
  const community = await getCommunity(db, volunteer.communityId)
  const issuer = `${community.name}居民委员会`
  // The community's 公示 number (an admin's), so whoever holds the paper can ask about it.
  const staff = await publishedContact(db, community._id, [])
  const contact = staff?.phone ? `${staff.name} ${staff.phone}` : `${issuer}（电话暂未公示）`
  const { certificatePdf } = await import('../pdf/certificate')
  const pdf = await certificatePdf({
    serial,
    name: volunteer.name,
    idNumber: maskIdNumber(volunteer.idNumber),
    issuer,
    contact,
    issuedOn: local(at).format('YYYY年M月D日'),
    totalHours: hours,
    services: entries.map((e) => ({
      date: local(e.at).format('YYYY-MM-DD'),
      content: e.reason,
      hours: e.hours,
    })),
  })
  // Handed over like every document (documents.ts); what stays is the record the serial checks.
  const file = await deliverDocument(deps, caller.openid, `certificate-${serial}.pdf`, Buffer.from(pdf), {
    linkSeconds: CERTIFICATE_LINK_SECONDS,
    failure: '证明生成失败，请稍后再试',
  })
  const cert: CertificateDoc = {
    _id: serial,
    openid: caller.openid,
    communityId: volunteer.communityId,
    name: volunteer.name,
    issuedAt: at,
    entryIds: entries.map((e) => e._id),
    hours,
  }
  await collection(db, 'certificates').add(cert)
  return { serial, fileName: `志愿服务记录证明-${serial}.pdf`, ...file, hours, services: entries.length }
}

/** Checks a serial against the ledger: the certificate exists and every service it states is still there. */
export async function verifyCertificate(input: { serial: string }, { deps }: ActionContext) {
  const { db } = deps
  const _ = db.command
  const res = await collection(db, 'certificates').doc(input.serial).get()
  const cert = res.data?.[0]
  const none = { name: null, hours: null, issuedOn: null, issuer: null }
  if (!cert) return { valid: false, reason: '没有这个编号的证明', ...none }
  const found = cert.entryIds.length
    ? (
        await collection(db, 'points')
          .where({ _id: _.in(cert.entryIds) })
          .limit(1000)
          .get()
      ).data
    : []
  const hours = found.reduce((n, e) => n + e.hours, 0)
  const community = await getCommunity(db, cert.communityId)
  const facts = {
    name: maskName(cert.name),
    hours: cert.hours,
    issuedOn: local(cert.issuedAt).format('YYYY-MM-DD'),
    issuer: `${community.name}居民委员会`,
  }
  if (found.length !== cert.entryIds.length || hours !== cert.hours)
    return { valid: false, reason: '证明所列服务与台账不一致', ...facts }
  return { valid: true, reason: null, ...facts }
}
