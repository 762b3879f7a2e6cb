export default definePageConfig({ navigationBarTitleText: '许个微心愿' })
