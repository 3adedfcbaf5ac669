module.exports = {
  displayName: 'event-log',
  preset: '../../jest.preset.js',
};
