export default definePageConfig({ navigationBarTitleText: '登记为志愿者' })
