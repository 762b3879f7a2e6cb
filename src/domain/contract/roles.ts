/** 人员与角色: invitations and roles: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { REVOKE_REASON_MAX_CHARS } from '../roles'
import { hour, guarded } from '../ratelimits'
import { comment, profile } from '../usertext'
import {
  action,
  buildingCodeSchema,
  id,
  invitationView,
  inviteCode,
  managedRole,
  isoTime,
  requestIdSchema,
  requestSummary,
  roleList,
} from './schemas'

export const rolesActions = {
  'invite.create': action({
    input: z.union([
      z.strictObject({ requestId: requestIdSchema, staffId: id }),
      z.strictObject({
        requestId: requestIdSchema,
        role: managedRole,
        gridId: id.optional(),
        buildingCode: buildingCodeSchema.optional(),
        /** 责任单位联系人: the unit (unit.list). */
        unitId: id.optional(),
        name: z
          .string({ error: '请填写被邀请人的姓名' })
          .trim()
          .min(1, '请填写被邀请人的姓名')
          .max(30, '姓名最多30个字'),
      }),
    ]),
    output: invitationView.extend({ qr: z.string() }),
    access: 'staff',
    rateLimit: hour(60),
    userText: { scene: profile, shown: 'public', fields: (i) => ('name' in i ? { name: i.name } : {}) },
  }),
  'invite.peek': action({
    input: z.strictObject({ code: inviteCode }),
    output: invitationView,
    access: 'user',
    rateLimit: guarded(20),
  }),
  'invite.accept': action({
    input: z.strictObject({ code: inviteCode }),
    output: invitationView,
    access: 'user',
    rateLimit: guarded(20),
  }),
  'invite.revoke': action({
    input: z.strictObject({ code: inviteCode }),
    output: invitationView,
    access: 'staff',
  }),
  'role.list': action({ input: z.strictObject({}), output: roleList, access: 'staff' }),
  /**
   * 工作交接 (issue 18, part 1): what the role's holder has in hand before it is taken away — the
   * requests they took on there, the activities they organise, the wishes they claimed.
   */
  'role.workOf': action({
    input: z.strictObject({ membershipId: id }),
    output: z.object({
      name: z.string(),
      requests: z.array(requestSummary),
      sessions: z.array(z.object({ id: z.string(), title: z.string(), startAt: isoTime })),
      wishes: z.array(z.object({ id: z.string(), title: z.string() })),
    }),
    access: 'staff',
  }),
  'role.revoke': action({
    input: z.strictObject({
      membershipId: id,
      /** Who takes over their requests and activities (role.workOf), in the same step. */
      handTo: id.optional(),
      reason: z
        .string()
        .trim()
        .max(REVOKE_REASON_MAX_CHARS, `原因最多${REVOKE_REASON_MAX_CHARS}个字`)
        .default(''),
    }),
    output: z.object({ ok: z.boolean() }),
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
}
