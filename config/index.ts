import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type Chain from 'webpack-chain'
import { requireWeappCloudEnv, weappCloudEnv } from './cloud-env'
import devConfig from './dev'
import prodConfig from './prod'

// NutUI's theme inlines two base64 digit fonts this app does not use: dropped on both platforms.
const nutuiTheme = /@nutui[\\/]nutui-react-taro[\\/]dist[\\/]styles[\\/]themes[\\/]default\.css$/
function dropThemeFonts(chain: Chain) {
  chain.module
    .rule('nutui-theme-fonts')
    .test(nutuiTheme)
    .enforce('pre')
    .use('drop-font-faces')
    .loader(path.resolve(__dirname, 'drop-font-faces-loader.js'))
}

/**
 * H5: Taro splits only the entry's (initial) chunks, so every page's lazy chunk carried its own
 * copy of what pages share — @tarojs/components' React build (53 KB) in 49 of 52 files, dayjs,
 * BigButton, the api client … (issue 21: ~5.7 MB of 7.2 MB was repeats). Splitting every chunk
 * ("all") puts a module that pages share into one chunk per set of pages that use it, loaded
 * only by those pages; a set under 20 KB stays copied (webpack's own default), so a page does not
 * wait on a swarm of tiny files. Taro's cache groups (taro, vendors, common) are kept.
 */
function shareH5Chunks(chain: Chain) {
  chain.optimization.splitChunks({
    ...chain.optimization.get('splitChunks'),
    chunks: 'all',
    minSize: 20_000,
  })
}

// CSS modules stay off on both platforms (plain class names, as the pages use them).
const cssModules = {
  enable: false,
  config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
} as const

// https://docs.taro.zone/docs/config-detail
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const root = path.resolve(__dirname, '..')
  // A production mini-program must say which CloudBase environment it calls (config/cloud-env.ts);
  // development builds may leave it to DevTools' current one.
  const cloudEnv =
    process.env.TARO_ENV === 'weapp' && process.env.NODE_ENV === 'production'
      ? requireWeappCloudEnv(root, mode)
      : weappCloudEnv(root, mode)
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'nuanxin-grid',
    date: '2026-1-1',
    // Our styles are written in px at a 750-wide design; NutUI ships its CSS at a 375-wide
    // design (its own docs ask for this split). pxtransform turns both into rpx (weapp) / rem (H5).
    // Taro also inlines this function into the H5 runtime (Taro.pxTransform), so it must stay
    // self-contained: no imports, no outer variables.
    designWidth(input) {
      const file = typeof input === 'object' && input.file ? input.file.replace(/\\+/g, '/') : ''
      return file.includes('@nutui') ? 375 : 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // Mirrors tsconfig.json "paths": { "@/*": ["src/*"] }.
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      // H5 calls POST `${API_BASE}/fn/api`; '' means the page's own origin.
      'process.env.API_BASE': JSON.stringify(process.env.API_BASE ?? ''),
      // weapp: the CloudBase environment for Taro.cloud.init, from TARO_APP_CLOUD_ENV or ENV_ID
      // (config/cloud-env.ts); '' (development builds only) = DevTools' current one.
      'process.env.CLOUD_ENV_ID': JSON.stringify(cloudEnv.envId),
    },
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // Dev-mode prebundling would pull in all of NutUI (incl. lottie, which warns about
      // dynamic canvases); excluding it keeps dev builds tree-shaken like production.
      prebundle: {
        exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'],
      },
    },
    cache: {
      enable: false,
    },
    mini: {
      webpackChain: dropThemeFonts,
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules,
      },
    },
    h5: {
      webpackChain(chain: Chain) {
        dropThemeFonts(chain)
        shareH5Chunks(chain)
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: {
        mode: 'hash',
      },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules,
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
