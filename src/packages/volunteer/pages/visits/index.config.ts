export default definePageConfig({ navigationBarTitleText: '探访记录' })
