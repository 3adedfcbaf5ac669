module.exports = {
  displayName: 'service-level-timers',
  preset: '../../jest.preset.js',
};
