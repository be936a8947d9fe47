// The hardware feature's texts, zh-CN first; merged under the 'hardware' key (t('hardware.…')) by src/renderer/i18n/index.ts.
// HID scanners (scannerSettings.tsx, scannerStatus.tsx).
const scannerZhCN = {
  title: '扫码枪',
  refresh: '刷新列表',
  listing: '正在查找设备…',
  webOnly:
    '浏览器版不能直接读取 USB HID 扫码枪，需要桌面版。键盘模式的扫码枪可以直接使用：扫码会被自动识别，无需设置。',
  unavailable: 'HID 驱动无法加载（{{detail}}）。键盘模式的扫码枪仍可使用。',
  keyboardNote:
    '键盘模式的扫码枪在 Windows 上由系统占用，本程序按键盘输入识别扫码；建议把扫码枪设为 HID POS 模式。',
  empty: '没有找到 USB 扫码枪。插好扫码枪后点“刷新列表”。',
  unnamed: '未知设备',
  mode: { pos: 'HID POS', keyboard: '键盘模式', unknown: '模式未知' },
  state: {
    connected: '已连接',
    present: '已插入，未使用',
    searching: '未找到，插上后自动连接',
    retrying: '无法打开（{{detail}}），正在重试',
  },
  use: '使用',
  stop: '停用',
  addLabel: '按 VID:PID 添加',
  addPlaceholder: '例如 0c2e:0b07',
  add: '添加',
  badId: '“{{text}}”不是 VID:PID：请输入两组 4 位十六进制数，中间用冒号，例如 0c2e:0b07。',
  duplicate: '{{id}} 已在使用中。',
  error: {
    list: '无法读取扫码枪列表（{{detail}}）。',
    choose: '扫码枪设置没有保存（{{detail}}），请重试。',
    status: '无法读取扫码枪状态（{{detail}}）。',
  },
  dot: { searching: '未连接', unavailable: '驱动不可用' },
  statusTitle: '扫码枪状态：点击查看设备',
};

const scannerEn: typeof scannerZhCN = {
  title: 'Scanners',
  refresh: 'Refresh list',
  listing: 'Looking for devices…',
  webOnly:
    'The browser version cannot read USB HID scanners; that needs the desktop app. Scanners in keyboard mode work as they are: scans are recognised automatically.',
  unavailable: 'The HID driver could not load ({{detail}}). Scanners in keyboard mode still work.',
  keyboardNote:
    'On Windows the system owns keyboard-mode scanners, so the till reads them as keyboard input; set scanners to HID POS mode where you can.',
  empty: 'No USB scanner found. Plug one in, then press "Refresh list".',
  unnamed: 'Unknown device',
  mode: { pos: 'HID POS', keyboard: 'Keyboard mode', unknown: 'Mode unknown' },
  state: {
    connected: 'Connected',
    present: 'Plugged in, not used',
    searching: 'Not found; connects when plugged in',
    retrying: 'Cannot open ({{detail}}); retrying',
  },
  use: 'Use',
  stop: 'Stop using',
  addLabel: 'Add by VID:PID',
  addPlaceholder: 'e.g. 0c2e:0b07',
  add: 'Add',
  badId: '"{{text}}" is not a VID:PID: type two groups of 4 hex digits with a colon, e.g. 0c2e:0b07.',
  duplicate: '{{id}} is already in use.',
  error: {
    list: 'Could not read the scanner list ({{detail}}).',
    choose: 'The scanner choice was not saved ({{detail}}). Try again.',
    status: 'Could not read the scanner state ({{detail}}).',
  },
  dot: { searching: 'not connected', unavailable: 'no driver' },
  statusTitle: 'Scanner state: click for the devices',
};

// Receipt printer (printerStatus.tsx, printerDialog.tsx, the receipt screen).
const printerZhCN = {
  title: '打印机',
  statusTitle: '打印机状态：点击查看打印队列',
  state: {
    ready: '就绪',
    offline: '离线',
    paperOut: '缺纸',
    coverOpen: '纸仓盖未关',
    error: '故障',
    none: '未配置',
  },
  fix: {
    offline: '打印机连不上：请检查电源和网线/数据线，打印机指示灯应常亮。',
    paperOut: '打印机缺纸：请装入新纸卷并合上纸仓盖。',
    coverOpen: '打印机纸仓盖没有合上：请合上纸仓盖。',
    error: '打印机故障（可能是切刀卡纸）：请打开纸仓盖清除卡纸，关机再开机。',
  },
  short: {
    offline: '打印机离线：请检查电源和网线',
    paperOut: '打印机缺纸：请装纸并合上纸仓盖',
    coverOpen: '打印机纸仓盖未关：请合上',
    error: '打印机故障：请清除卡纸后重启',
  },
  waiting: '{{count}} 张待打印',
  waitingNote: '{{count}} 张小票在排队，修好后自动打印，不用重新收款。',
  nearEnd: '纸卷快用完了，请准备新纸卷。',
  queuedToast: {
    offline: '打印机离线：交易已保存，小票已排队，打印机恢复后自动打印。',
    paperOut: '打印机缺纸：交易已保存，小票已排队，装纸后自动打印。',
    coverOpen: '打印机纸仓盖未关：交易已保存，小票已排队，合上后自动打印。',
    error: '打印机故障：交易已保存，小票已排队，修好后自动打印。',
    ready: '小票已排队，马上打印。',
    none: '没有配置打印机：交易已保存。',
  },
  receiptQueued: {
    offline: '排队中：打印机离线，恢复后自动打印',
    paperOut: '排队中：缺纸，装纸后自动打印',
    coverOpen: '排队中：纸仓盖未关，合上后自动打印',
    error: '排队中：打印机故障，修好后自动打印',
    ready: '排队中，马上打印',
    none: '没有配置打印机',
  },
  reprint: '重印小票',
  reprinting: '正在重印…',
  reprinted: '已重印（小票上标有“重印”）',
  reprintQueued: {
    offline: '重印已排队：打印机离线',
    paperOut: '重印已排队：缺纸',
    coverOpen: '重印已排队：纸仓盖未关',
    error: '重印已排队：打印机故障',
    ready: '重印已排队',
    none: '没有配置打印机',
  },
  reprintFailed: '重印失败：{{detail}}',
  browserPrint: '用浏览器打印',
  previewStatus: '打印机：仅预览',
  queueTitle: '打印队列',
  queueEmpty: '没有待打印的小票。',
  kind: { receipt: '小票', reprint: '重印', slip: '单据' },
  check: '重新检测',
  checkedAt: '检测时间 {{time}}',
  paper: '纸宽 {{width}}mm',
  detail: '详情：{{detail}}',
};

const printerEn: typeof printerZhCN = {
  title: 'Printer',
  statusTitle: 'Printer state: click for the print queue',
  state: {
    ready: 'Ready',
    offline: 'Offline',
    paperOut: 'Out of paper',
    coverOpen: 'Cover open',
    error: 'Fault',
    none: 'Not set up',
  },
  fix: {
    offline: 'The printer cannot be reached: check its power and cable; its light should be steady.',
    paperOut: 'The printer is out of paper: put in a new roll and close the cover.',
    coverOpen: 'The printer cover is open: close it.',
    error:
      'The printer reports a fault (perhaps a paper jam at the cutter): open the cover, clear it, switch off and on.',
  },
  short: {
    offline: 'Printer offline: check power and cable',
    paperOut: 'Printer out of paper: load a roll, close the cover',
    coverOpen: 'Printer cover open: close it',
    error: 'Printer fault: clear the jam, restart it',
  },
  waiting: '{{count}} waiting',
  waitingNote:
    '{{count}} receipt(s) waiting; they print by themselves once fixed. No need to take payment again.',
  nearEnd: 'The paper roll is nearly used up: have a new roll ready.',
  queuedToast: {
    offline: 'Printer offline: the sale is saved and the receipt waits; it prints when the printer is back.',
    paperOut: 'Printer out of paper: the sale is saved and the receipt waits; it prints once paper is in.',
    coverOpen:
      'Printer cover open: the sale is saved and the receipt waits; it prints once the cover is closed.',
    error: 'Printer fault: the sale is saved and the receipt waits; it prints once the printer is fixed.',
    ready: 'The receipt is queued and prints shortly.',
    none: 'No printer set up: the sale is saved.',
  },
  receiptQueued: {
    offline: 'Waiting: printer offline, prints when it is back',
    paperOut: 'Waiting: out of paper, prints once paper is in',
    coverOpen: 'Waiting: cover open, prints once it is closed',
    error: 'Waiting: printer fault, prints once fixed',
    ready: 'Waiting, prints shortly',
    none: 'No printer set up',
  },
  reprint: 'Reprint receipt',
  reprinting: 'Reprinting…',
  reprinted: 'Reprinted (marked REPRINT on paper)',
  reprintQueued: {
    offline: 'Reprint waits: printer offline',
    paperOut: 'Reprint waits: out of paper',
    coverOpen: 'Reprint waits: cover open',
    error: 'Reprint waits: printer fault',
    ready: 'Reprint queued',
    none: 'No printer set up',
  },
  reprintFailed: 'Reprint failed: {{detail}}',
  browserPrint: 'Print with the browser',
  previewStatus: 'Printer: preview only',
  queueTitle: 'Print queue',
  queueEmpty: 'No receipts waiting.',
  kind: { receipt: 'Receipt', reprint: 'Reprint', slip: 'Slip' },
  check: 'Check again',
  checkedAt: 'Checked at {{time}}',
  paper: 'Paper {{width}} mm',
  detail: 'Detail: {{detail}}',
};

export const zhCN = { scanner: scannerZhCN, printer: printerZhCN };

export const en: typeof zhCN = { scanner: scannerEn, printer: printerEn };
