import Taro from '@tarojs/taro'

/**
 * Where a 代录 or a 巡查发现 goes once filed. From the 楼栋长工作台 (`?from=building`): back to it —
 * it reloads when shown and shows the new one, and the page stack keeps a single copy of it (a
 * 楼栋长 does not open the request's detail). Otherwise the new request's detail.
 */
export function showFiled(requestId: string, fromBuilding: boolean): void {
  if (fromBuilding) {
    void Taro.showToast({ title: '已登记', icon: 'success' })
    void Taro.navigateBack()
    return
  }
  void Taro.redirectTo({ url: `/packages/grid/pages/detail/index?id=${requestId}` })
}
