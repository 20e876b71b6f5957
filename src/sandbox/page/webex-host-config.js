// An Adaptive Cards host config close to how the Webex app draws cards: Webex's type scale and spacing,
// its text and accent colours, and filled tints for the emphasis/good/warning/attention containers.

const text = (color, subtle) => ({ default: color, subtle });

/** Foreground colours on a background; the same set for every container style. */
const foregrounds = {
  default: text('#1b1b1b', '#5f6062'),
  dark: text('#1b1b1b', '#5f6062'),
  light: text('#ffffff', '#ededed'),
  accent: text('#0a6ebd', '#0a6ebd'),
  good: text('#1a7f48', '#1a7f48'),
  warning: text('#9a5a00', '#9a5a00'),
  attention: text('#c4321a', '#c4321a'),
};

const style = (backgroundColor) => ({ backgroundColor, foregroundColors: foregrounds });

export const webexHostConfig = {
  supportsInteractivity: true,
  fontFamily: "'Inter', 'Segoe UI', 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif",
  fontTypes: {
    default: {
      fontFamily: "'Inter', 'Segoe UI', 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif",
      fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: "'SFMono-Regular', Consolas, 'Liberation Mono', monospace",
      fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
  },
  spacing: { small: 4, default: 8, medium: 16, large: 24, extraLarge: 32, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e2e3e5' },
  imageSizes: { small: 32, medium: 64, large: 120 },
  containerStyles: {
    default: style('#ffffff'),
    emphasis: style('#f4f5f7'),
    accent: style('#e8f2fb'),
    good: style('#e9f6ee'),
    warning: style('#fff5e0'),
    attention: style('#fdecea'),
  },
  actions: {
    maxActions: 5,
    spacing: 'medium',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 12, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
    iconSize: 16,
  },
  adaptiveCard: { allowCustomStyle: true },
  factSet: {
    title: {
      color: 'default',
      size: 'default',
      isSubtle: true,
      weight: 'default',
      wrap: true,
      maxWidth: 220,
    },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true },
    spacing: 12,
  },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { color: 'attention', size: 'small' },
  },
};
