export default definePageConfig({
  navigationBarTitleText: '暖心网格',
})
