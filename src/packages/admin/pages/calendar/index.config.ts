export default definePageConfig({ navigationBarTitleText: '节假日调整' })
