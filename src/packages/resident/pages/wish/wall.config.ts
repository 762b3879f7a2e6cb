export default definePageConfig({
  navigationBarTitleText: '心愿墙',
  // Worth passing on to a neighbour (src/domain/share.ts).
  enableShareAppMessage: true,
})
