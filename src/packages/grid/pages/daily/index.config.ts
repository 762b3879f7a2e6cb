export default definePageConfig({
  navigationBarTitleText: '网格民情日报',
})
