/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** Platform being built; replaced at build time, unset under jest/node. */
    TARO_ENV?: 'weapp' | 'h5'
    /** H5: origin of the local host; '' = same origin (config/index.ts defineConstants). */
    API_BASE?: string
    CLOUD_ENV_ID?: string
  }
}
