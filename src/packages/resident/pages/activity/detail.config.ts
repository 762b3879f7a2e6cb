export default definePageConfig({
  navigationBarTitleText: '活动详情',
  // Worth passing on to a neighbour (src/domain/share.ts).
  enableShareAppMessage: true,
})
