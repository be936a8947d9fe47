// The camera feature's texts, zh-CN first; merged under the 'camera' key (t('camera.…')) by src/renderer/i18n/index.ts.
export const zhCN = {
  button: '摄像头扫码',
  title: '摄像头扫码',
  aim: '将条码或二维码放入框内',
  confirming: '正在确认…',
  ambiguous: '画面中有多个码，请只对准一个',
  starting: '正在打开摄像头…',
  torchOn: '打开补光',
  torchOff: '关闭补光',
  cancel: '取消',
  accepted: '已识别：{{code}}',
  problem: {
    unsupported: '此浏览器无法使用摄像头（需要 https 或本机地址）',
    denied: '没有摄像头权限，请在浏览器设置中允许后重试',
    noCamera: '没有找到摄像头',
    failed: '摄像头无法打开：{{detail}}',
    decoder: '识别程序出错：{{detail}}',
  },
};

export const en: typeof zhCN = {
  button: 'Camera scan',
  title: 'Scan with the camera',
  aim: 'Put the barcode or QR code inside the frame',
  confirming: 'Confirming…',
  ambiguous: 'More than one code in view: aim at one',
  starting: 'Opening the camera…',
  torchOn: 'Torch on',
  torchOff: 'Torch off',
  cancel: 'Cancel',
  accepted: 'Read: {{code}}',
  problem: {
    unsupported: 'This browser cannot use a camera (https or a local address is needed)',
    denied: 'No permission to use the camera: allow it in the browser settings and try again',
    noCamera: 'No camera found',
    failed: 'The camera could not be opened: {{detail}}',
    decoder: 'The decoder failed: {{detail}}',
  },
};
