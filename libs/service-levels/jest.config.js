module.exports = {
  displayName: 'service-levels',
  preset: '../../jest.preset.js',
};
