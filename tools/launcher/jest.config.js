module.exports = {
  displayName: 'launcher',
  preset: '../../jest.preset.js',
};
