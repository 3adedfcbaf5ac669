module.exports = {
  displayName: 'tier-desk',
  preset: '../../jest.preset.js',
};
