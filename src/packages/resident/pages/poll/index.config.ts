export default definePageConfig({ navigationBarTitleText: '民主测评' })
