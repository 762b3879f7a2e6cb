/** Who I am and where I live: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { ROOM_MAX_CHARS } from '../contact'
import { profile } from '../usertext'
import {
  NOT_USER_TEXT,
  action,
  buildingCodeSchema,
  buildingView,
  meView,
  personName,
  phoneSchema,
} from './schemas'

export const meActions = {
  'me.get': action({ input: z.strictObject({}), output: meView, access: 'user' }),
  /**
   * 切换社区: the community every screen works in, for someone with roles in several. Only one
   * they hold a role in (FORBIDDEN otherwise); stored for them and checked again on every call.
   */
  'me.chooseCommunity': action({
    input: z.strictObject({
      communityId: z.string().trim().min(1, '请选择社区').max(64, '没有找到这个社区').describe(NOT_USER_TEXT),
    }),
    output: meView,
    access: 'user',
  }),
  'building.lookup': action({
    input: z.strictObject({ buildingCode: buildingCodeSchema }),
    output: buildingView,
    access: 'user',
  }),
  'me.bindBuilding': action({
    input: z.strictObject({
      buildingCode: buildingCodeSchema,
      room: z.string().trim().max(ROOM_MAX_CHARS, `门牌号最多${ROOM_MAX_CHARS}个字`).optional(),
    }),
    output: meView,
    access: 'user',
    userText: { scene: profile, shown: 'public', fields: (i) => ({ room: i.room }) },
  }),
  'me.contact': action({
    input: z
      .strictObject({
        name: personName,
        /** Typed (H5, or by choice). */
        phone: phoneSchema.optional(),
        /** WeChat's getPhoneNumber button gave this one-time code (weapp). */
        phoneCode: z.string().max(128).describe(NOT_USER_TEXT).optional(),
        noPhone: z.boolean().default(false),
      })
      .refine((c) => c.noPhone || c.phone || c.phoneCode, {
        message: '请留个电话，方便网格员回电；不想留可以选「不留电话」',
        path: ['phone'],
      }),
    output: meView,
    access: 'resident',
    userText: { scene: profile, shown: 'public', fields: (i) => ({ name: i.name }) },
  }),
}
