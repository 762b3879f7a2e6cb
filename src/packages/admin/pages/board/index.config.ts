export default definePageConfig({
  navigationBarTitleText: '网格绩效',
})
