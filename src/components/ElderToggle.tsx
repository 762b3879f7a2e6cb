import { Text, View } from '@tarojs/components'
import { useElderMode } from '../hooks/useElderMode'

/**
 * 大字模式, where an elder finds it: at the top of 首页 from the first open (before anything is
 * bound) and on 我的. A whole labelled row at the tap-target height, saying what it does and
 * whether it is on — not a small unlabelled switch.
 */
export function ElderToggle() {
  const [elder, setElder] = useElderMode()
  return (
    <View
      className={`elder-toggle ${elder ? 'elder-toggle-on' : ''}`}
      ariaRole="switch"
      aria-checked={elder ? 'true' : 'false'}
      ariaLabel={elder ? '大字模式，已开启' : '大字模式，已关闭'}
      data-testid="elder-toggle"
      onClick={() => setElder(!elder)}
    >
      <Text className="elder-toggle-label">大字模式</Text>
      <Text className="elder-toggle-state">{elder ? '已开启 · 点此关闭' : '字太小？点此开启'}</Text>
    </View>
  )
}
