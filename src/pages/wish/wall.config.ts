export default definePageConfig({ navigationBarTitleText: '心愿墙' })
