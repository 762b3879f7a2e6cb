/**
 * How people are written down: a name, a room, a mainland mobile number — the limits the contract
 * checks and the forms show (maxlength, "11位手机号").
 */
export const NAME_MAX_CHARS = 20
export const ROOM_MAX_CHARS = 20
export const MOBILE_DIGITS = 11
/** A mainland mobile number: 11 digits, the first a 1. */
export const MOBILE_PATTERN = new RegExp(`^1\\d{${MOBILE_DIGITS - 1}}$`)
