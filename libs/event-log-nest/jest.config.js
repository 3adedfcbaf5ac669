module.exports = {
  displayName: 'event-log-nest',
  preset: '../../jest.preset.js',
};
