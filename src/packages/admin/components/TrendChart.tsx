import { Canvas as FCanvas, type CanvasProps } from '@antv/f2'
import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { useElderMode } from '../../../hooks/useElderMode'
import { trendChartSpec, type TrendChartProps } from './trendChartSpec'
import './TrendChart.scss'

export type { TrendChartProps, TrendSeries } from './trendChartSpec'

/**
 * F2 sizes are 'NNpx' strings at our 750-wide design. F2's default px2hd divides by <html>'s rem
 * font size, which Taro's H5 runtime sets for its own rem layout: pin it.
 */
const px2hd = (px: number) => px / 2

/** What Taro's selector query gives for a <Canvas type="2d">: the weapp canvas node or the H5 <canvas>. */
interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): CanvasRenderingContext2D
  createImage?: () => HTMLImageElement
  requestAnimationFrame?: (cb: FrameRequestCallback) => number
  cancelAnimationFrame?: (handle: number) => void
}

let nextId = 0

/**
 * A month-by-month trend of percentages, one line per series, drawn by AntV F2 on a
 * <Canvas type="2d"> in both weapp and H5. Static: no animation, no touch handling.
 */
export function TrendChart(props: TrendChartProps) {
  const [elder] = useElderMode()
  const [id] = useState(() => `trend-chart-${++nextId}`)
  const chart = useRef<{ canvas: FCanvas; base: CanvasProps } | null>(null)
  const latest = useRef({ props, elder })
  latest.current = { props, elder }

  useEffect(() => {
    let cancelled = false
    let tries = 0
    const init = () => {
      // Two requests: Taro's H5 selector query answers `node` without `size` for a canvas.
      const query = Taro.createSelectorQuery()
      query.select(`#${id}`).fields({ node: true })
      query.select(`#${id}`).boundingClientRect()
      query.exec((res) => {
        if (cancelled) return
        const node = (res?.[0] as { node?: CanvasNode } | null)?.node
        const { width, height } = (res?.[1] as { width?: number; height?: number } | null) ?? {}
        // weapp: the canvas exists only after Taro's next setData has reached the page.
        if (!node || !width || !height) {
          if (++tries < 20) setTimeout(init, 50)
          else console.warn(`TrendChart: no canvas #${id}`)
          return
        }
        const pixelRatio =
          process.env.TARO_ENV === 'h5' ? window.devicePixelRatio || 1 : Taro.getWindowInfo().pixelRatio
        node.width = width * pixelRatio
        node.height = height * pixelRatio
        const base: CanvasProps = {
          context: node.getContext('2d'),
          pixelRatio,
          width,
          height,
          px2hd,
          animate: false,
          padding: ['16px', '8px', '8px', '0px'],
        }
        if (process.env.TARO_ENV !== 'h5') {
          // No DOM in the mini program: F2 (AntV G) measures text on an offscreen canvas and
          // schedules frames through the canvas node, as AntV's own f-wx component does.
          Object.assign(base, {
            offscreenCanvas: Taro.createOffscreenCanvas({ type: '2d' }),
            createImage: () => node.createImage?.(),
            requestAnimationFrame: (cb: FrameRequestCallback) => node.requestAnimationFrame?.(cb),
            cancelAnimationFrame: (h: number) => node.cancelAnimationFrame?.(h),
          })
        }
        const now = latest.current
        const canvas = new FCanvas({ ...base, children: trendChartSpec(now.props, now.elder) })
        chart.current = { canvas, base }
        void canvas.render()
      })
    }
    Taro.nextTick(init)
    return () => {
      cancelled = true
      chart.current?.canvas.destroy()
      chart.current = null
    }
  }, [id])

  useEffect(() => {
    const c = chart.current
    if (c) void c.canvas.update({ ...c.base, children: trendChartSpec(props, elder) })
  }, [props, elder])

  return (
    <View className="trend-chart">
      <Canvas type="2d" id={id} className="trend-chart-canvas" />
    </View>
  )
}
