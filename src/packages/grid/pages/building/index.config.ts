export default definePageConfig({
  navigationBarTitleText: '楼栋长工作台',
})
