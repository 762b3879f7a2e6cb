/**
 * The 流动红旗 · 民主测评 · 整改 actions of the contract (src/domain/contract/grading.ts) and the use
 * case serving each: the compiler checks that every action has one, and only those.
 */
import type { gradingActions } from '../../../src/domain/contract/grading'
import type { HandlersOf } from '../handlers'
import { confirmGrade } from './confirm'
import { pollMine, pollVote } from './poll'
import { listRectifications, reviewRectification, submitRectification } from './rectify'

export const gradingHandlers: HandlersOf<typeof gradingActions> = {
  'poll.mine': pollMine,
  'poll.vote': pollVote,
  'grade.confirm': confirmGrade,
  'rectify.list': listRectifications,
  'rectify.submit': submitRectification,
  'rectify.review': reviewRectification,
}
