/**
 * How people are written down: a name, a room, a mainland mobile number — the limits the contract
 * checks and the forms show (maxlength, "11位手机号").
 */
export const NAME_MAX_CHARS = 20
export const ROOM_MAX_CHARS = 20
export const MOBILE_DIGITS = 11
/** A mainland mobile number: 11 digits, the first a 1. */
export const MOBILE_PATTERN = new RegExp(`^1\\d{${MOBILE_DIGITS - 1}}$`)

/**
 * The number a grid worker chooses to publish on the 公示 card (issue 16): a mobile, or a landline
 * with its area code (0916-1234567); never their private number unless they type it here.
 */
export const WORK_PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/
/** What to type, for a placeholder and the refusal alike. */
export const WORK_PHONE_HINT = `${MOBILE_DIGITS}位手机号或带区号的座机号`
/** The longest such number: 0916-12345678. */
export const WORK_PHONE_MAX_CHARS = 13
